use super::test_support::Tab;
use super::*;
use crate::bundle::from_json;
use crate::engine::{Found, IndexFile, Place, Request};
use crate::fetch::FetchError;
use crate::route::tests::{matching, search};
use crate::search::Index;
use crate::share::ShareTab;
use crate::tabs::TabKey;

/// Three channels, `focus`, `news` and `economy`, and one article `a1` in `focus`.
const BUNDLE: &str = r#"{"format": "article-bundle", "version": 1,
    "site": {"name": "投资山西", "url": "https://invest.example.cn/"},
    "channels": [{"id": "focus", "name": "焦点图"}, {"id": "news", "name": "要闻"},
                 {"id": "economy", "name": "经济动态"}],
    "articles": [{"id": "a1", "channel": "focus", "title": "标题", "published": "2023-07-22T12:00:00+08:00",
                  "body": "正文"}]}"#;

/// What loading a bundle asks for when the engine is not loaded yet.
const IDLE_ENGINE: Effect = Effect::LoadEngine { idle: true };

fn article(id: &str) -> Route {
    Route::Article(id.to_owned())
}

fn channel(id: &str) -> Route {
    Route::Channel(id.to_owned())
}

/// The viewer with [`BUNDLE`] loaded, at `route`.
#[track_caller]
fn loaded_at(route: Route) -> State {
    let mut state = State {
        route,
        ..State::default()
    };
    let loaded = from_json(BUNDLE).map_err(|error| LoadFailure::Bundle {
        url: "sample.json".to_owned(),
        error,
    });
    // The search engine is loaded once the browser is idle; arriving at these routes asks for nothing else.
    assert_eq!(update(&mut state, Msg::Load(loaded)), [IDLE_ENGINE]);
    assert!(
        matches!(state.load, Load::Ready { .. }),
        "the fixture loads: {:?}",
        state.load
    );
    state
}

// Loading.

#[test]
fn loading_a_bundle_makes_it_ready_and_keeps_the_route() {
    let mut state = State {
        route: article("a1"),
        ..State::default()
    };
    let (bundle, diagnostics) = from_json(BUNDLE).expect("the fixture parses");
    let effects = update(&mut state, Msg::Load(Ok((bundle.clone(), diagnostics))));
    assert_eq!(
        effects,
        [IDLE_ENGINE],
        "search waits until the browser is idle"
    );
    assert_eq!(state.search.module, SearchModule::Loading);
    let Load::Ready {
        bundle: loaded,
        diagnostics,
    } = &state.load
    else {
        panic!("the bundle is ready: {:?}", state.load);
    };
    assert_eq!(loaded, &bundle);
    assert_eq!(diagnostics, &[]);
    assert_eq!(state.route, article("a1"));
}

#[test]
fn a_failed_load_is_kept_with_its_reason() {
    let mut state = State::default();
    let failure = LoadFailure::Fetch {
        url: "bundles/missing.json".to_owned(),
        reason: FetchError::Http {
            status: 404,
            status_text: "Not Found".to_owned(),
        },
    };
    assert_eq!(update(&mut state, Msg::Load(Err(failure.clone()))), []);
    assert!(
        matches!(&state.load, Load::Failed(kept) if *kept == failure),
        "{:?}",
        state.load
    );
}

// Navigation.

#[track_caller]
fn check_navigate(from: Route, to: Route, expect: &[Effect]) {
    let mut state = loaded_at(from);
    let effects = update(&mut state, Msg::Navigate(to.clone()));
    assert_eq!(effects, expect);
    assert_eq!(state.route, to);
}

const NEW_PAGE: [Effect; 2] = [Effect::FocusHeading, Effect::ScrollTo(0.0)];

#[test]
fn switching_between_tab_views_keeps_focus_and_scroll() {
    check_navigate(Route::Home, channel("news"), &[]);
    check_navigate(channel("news"), channel("economy"), &[]);
    check_navigate(channel("economy"), Route::Home, &[]);
    check_navigate(channel("news"), channel("focus"), &[]);
}

#[test]
fn entering_or_leaving_an_article_focuses_the_heading_at_the_top() {
    check_navigate(Route::Home, article("a1"), &NEW_PAGE);
    check_navigate(channel("news"), article("a1"), &NEW_PAGE);
    check_navigate(article("a1"), channel("focus"), &NEW_PAGE);
    check_navigate(article("a1"), Route::Home, &NEW_PAGE);
    check_navigate(article("a1"), article("a2"), &NEW_PAGE);
    check_navigate(article("a1"), article("no-such"), &NEW_PAGE);
}

#[test]
fn leaving_or_entering_an_unknown_channel_is_a_new_page_not_a_tab_switch() {
    // The not-found view has no tabs: the link the reader followed is gone after the switch,
    // so focus must move to the new heading.
    check_navigate(channel("sports"), Route::Home, &NEW_PAGE);
    check_navigate(Route::Home, channel("sports"), &NEW_PAGE);
    check_navigate(channel("sports"), channel("news"), &NEW_PAGE);
}

#[test]
fn navigating_to_the_same_route_does_nothing() {
    check_navigate(Route::Home, Route::Home, &[]);
    check_navigate(channel("news"), channel("news"), &[]);
    check_navigate(article("a1"), article("a1"), &[]);
}

#[test]
fn navigating_before_the_bundle_loads_still_moves_the_route() {
    let mut state = State::default();
    assert_eq!(update(&mut state, Msg::Navigate(article("a1"))), NEW_PAGE);
    assert_eq!(state.route, article("a1"));
    assert!(matches!(state.load, Load::Loading));
}

#[track_caller]
fn check_revisit(from: Route, to: Route, scroll_y: f64, expect_y: f64) {
    let mut state = loaded_at(from);
    let effects = update(
        &mut state,
        Msg::Revisit {
            route: to.clone(),
            scroll_y,
        },
    );
    assert_eq!(effects, [Effect::FocusHeading, Effect::ScrollTo(expect_y)]);
    assert_eq!(state.route, to);
}

#[test]
fn revisiting_restores_the_scroll_position() {
    check_revisit(Route::Home, article("a1"), 1234.5, 1234.5);
    check_revisit(article("a1"), Route::Home, 0.0, 0.0);
    check_revisit(channel("news"), channel("focus"), 80.0, 80.0);
    check_revisit(article("a1"), article("a1"), 10.0, 10.0);
}

#[test]
fn revisiting_clamps_a_negative_or_missing_scroll_position_to_the_top() {
    check_revisit(article("a1"), Route::Home, -40.0, 0.0);
    check_revisit(article("a1"), Route::Home, f64::NEG_INFINITY, 0.0);
    check_revisit(article("a1"), Route::Home, f64::NAN, 0.0);
}

// Tab keys.

#[track_caller]
fn check_move_tab(from: Route, key: TabKey, expect_channel: &str) {
    let mut state = loaded_at(from.clone());
    let effects = update(
        &mut state,
        Msg::MoveTab {
            tablist: CHANNEL_TABS.to_owned(),
            key,
        },
    );
    assert_eq!(
        effects,
        [
            Effect::ReplaceRoute(channel(expect_channel)),
            Effect::Focus(format!("av-tab-channels-{expect_channel}")),
        ],
        "{key:?} from {from:?}"
    );
    assert_eq!(
        state.route,
        channel(expect_channel),
        "{key:?} from {from:?}"
    );
}

#[test]
fn tab_keys_on_the_home_view_move_from_the_first_channel() {
    check_move_tab(Route::Home, TabKey::Next, "news");
    check_move_tab(Route::Home, TabKey::Previous, "economy");
    check_move_tab(Route::Home, TabKey::First, "focus");
    check_move_tab(Route::Home, TabKey::Last, "economy");
}

#[test]
fn tab_keys_move_between_channels_and_wrap() {
    check_move_tab(channel("focus"), TabKey::Next, "news");
    check_move_tab(channel("news"), TabKey::Next, "economy");
    check_move_tab(channel("economy"), TabKey::Next, "focus");
    check_move_tab(channel("economy"), TabKey::Previous, "news");
    check_move_tab(channel("news"), TabKey::Previous, "focus");
    check_move_tab(channel("focus"), TabKey::Previous, "economy");
    check_move_tab(channel("news"), TabKey::First, "focus");
    check_move_tab(channel("news"), TabKey::Last, "economy");
    check_move_tab(channel("economy"), TabKey::Last, "economy");
}

#[track_caller]
fn check_move_tab_ignored(mut state: State, tablist: &str) {
    let before = state.route.clone();
    for key in [TabKey::Previous, TabKey::Next, TabKey::First, TabKey::Last] {
        let msg = Msg::MoveTab {
            tablist: tablist.to_owned(),
            key,
        };
        assert_eq!(update(&mut state, msg), [], "{key:?} on {tablist:?}");
        assert_eq!(state.route, before);
    }
}

#[test]
fn tab_keys_are_ignored_on_an_article() {
    check_move_tab_ignored(loaded_at(article("a1")), CHANNEL_TABS);
    check_move_tab_ignored(loaded_at(article("no-such")), CHANNEL_TABS);
}

#[test]
fn tab_keys_are_ignored_before_the_bundle_loads() {
    check_move_tab_ignored(State::default(), CHANNEL_TABS);
    let mut failed = State::default();
    let failure = LoadFailure::Fetch {
        url: "x.json".to_owned(),
        reason: FetchError::Network("offline".to_owned()),
    };
    update(&mut failed, Msg::Load(Err(failure)));
    check_move_tab_ignored(failed, CHANNEL_TABS);
}

#[test]
fn tab_keys_are_ignored_in_an_unknown_tab_list() {
    check_move_tab_ignored(loaded_at(Route::Home), "sharing");
    check_move_tab_ignored(loaded_at(channel("news")), "");
    check_move_tab_ignored(loaded_at(channel("news")), "Channels");
}

// Preferences.

#[test]
fn choosing_a_font_size_changes_and_saves_the_prefs() {
    let mut state = State::default();
    for size in [FontSize::Large, FontSize::Small, FontSize::Medium] {
        let effects = update(&mut state, Msg::SetFontSize(size));
        let expect = Prefs {
            font_size: size,
            theme: Theme::Auto,
        };
        assert_eq!(state.prefs, expect);
        assert_eq!(effects, [Effect::SavePrefs(expect)]);
    }
}

#[test]
fn choosing_a_theme_changes_and_saves_the_prefs_keeping_the_font_size() {
    let mut state = State::default();
    update(&mut state, Msg::SetFontSize(FontSize::Large));
    for theme in [Theme::Dark, Theme::Light, Theme::Auto] {
        let effects = update(&mut state, Msg::SetTheme(theme));
        let expect = Prefs {
            font_size: FontSize::Large,
            theme,
        };
        assert_eq!(state.prefs, expect);
        assert_eq!(effects, [Effect::SavePrefs(expect)]);
    }
}

#[test]
fn prefs_default_to_medium_text_and_the_system_theme() {
    assert_eq!(
        Prefs::default(),
        Prefs {
            font_size: FontSize::Medium,
            theme: Theme::Auto,
        }
    );
}

#[track_caller]
fn check_action(action: &str, value: &str, expect: Option<Prefs>) {
    let msg = Msg::for_action(action, value);
    let got = msg.map(|msg| {
        let mut state = State::default();
        update(&mut state, msg);
        state.prefs
    });
    assert_eq!(got, expect, "Msg::for_action({action:?}, {value:?})");
}

#[test]
fn control_actions_map_to_messages() {
    let prefs = |font_size, theme| Some(Prefs { font_size, theme });
    check_action("font-size", "small", prefs(FontSize::Small, Theme::Auto));
    check_action("font-size", "medium", prefs(FontSize::Medium, Theme::Auto));
    check_action("font-size", "large", prefs(FontSize::Large, Theme::Auto));
    check_action("theme", "auto", prefs(FontSize::Medium, Theme::Auto));
    check_action("theme", "light", prefs(FontSize::Medium, Theme::Light));
    check_action("theme", "dark", prefs(FontSize::Medium, Theme::Dark));
}

#[test]
fn unknown_control_actions_and_values_are_rejected() {
    check_action("font-size", "huge", None);
    check_action("font-size", "Large", None);
    check_action("font-size", "", None);
    check_action("font-size", "dark", None);
    check_action("theme", "small", None);
    check_action("theme", "sepia", None);
    check_action("theme", " dark", None);
    check_action("share", "", None);
    check_action("", "large", None);
    check_action("Theme", "dark", None);
}

#[test]
fn font_sizes_and_themes_round_trip_through_their_names() {
    let sizes: Vec<&str> = FontSize::ALL.iter().map(|size| size.as_str()).collect();
    assert_eq!(sizes, ["small", "medium", "large"]);
    for size in FontSize::ALL {
        assert_eq!(FontSize::parse(size.as_str()), Some(size));
    }
    let themes: Vec<&str> = Theme::ALL.iter().map(|theme| theme.as_str()).collect();
    assert_eq!(themes, ["auto", "light", "dark"]);
    for theme in Theme::ALL {
        assert_eq!(Theme::parse(theme.as_str()), Some(theme));
    }
    assert_eq!(FontSize::parse("x-large"), None);
    assert_eq!(Theme::parse("high-contrast"), None);
}

// The share overlay.

/// A site with an app, articles `a1` (no `url`) and `own` (with one), both in `focus`.
const SHARE_BUNDLE: &str = r#"{"format": "article-bundle", "version": 1,
    "site": {"name": "投资山西", "url": "https://invest.example.cn/",
             "app": {"name": "山西日报", "url": "https://app.example.cn/"}},
    "channels": [{"id": "focus", "name": "焦点图"}, {"id": "news", "name": "要闻"}],
    "articles": [{"id": "a1", "channel": "focus", "title": "标题", "published": "2023-07-22T12:00:00+08:00",
                  "body": "正文"},
                 {"id": "own", "channel": "focus", "title": "黄河流域", "published": "2023-07-21T12:00:00+08:00",
                  "body": "正文", "url": "https://a.cn/x?y=1&z=2#/article/k"}]}"#;

const PAGE_URL: &str = "https://h.example.cn/viewer/?bundle=b.json#/channel/focus";

/// The viewer page's address of `a1`.
const A1_URL: &str = "https://h.example.cn/viewer/?bundle=b.json#/article/a1";

/// The viewer with `json` loaded at `route`, on [`PAGE_URL`].
#[track_caller]
fn sharing(json: &str, route: Route) -> State {
    let (bundle, diagnostics) = from_json(json).expect("the fixture parses");
    let mut state = State {
        route,
        page_url: Some(PAGE_URL.to_owned()),
        ..State::default()
    };
    assert_eq!(
        update(&mut state, Msg::Load(Ok((bundle, diagnostics)))),
        [IDLE_ENGINE]
    );
    state
}

/// The viewer at `id` of [`SHARE_BUNDLE`] with the overlay opened by the foot button of `tab`.
#[track_caller]
fn open_at(id: &str, tab: ShareTab) -> State {
    let mut state = sharing(SHARE_BUNDLE, article(id));
    update(&mut state, Msg::OpenShare(tab));
    assert_eq!(
        state.share.map(|open| open.tab),
        Some(tab),
        "the overlay opened"
    );
    state
}

fn overlay(tab: ShareTab, opener: ShareTab, copy: CopyStatus) -> Option<ShareOverlay> {
    Some(ShareOverlay { tab, opener, copy })
}

#[test]
fn a_foot_button_opens_the_overlay_at_its_tab_and_focuses_the_tab() {
    for (json, tab) in [
        (SHARE_BUNDLE, ShareTab::App),
        (SHARE_BUNDLE, ShareTab::Phone),
        (SHARE_BUNDLE, ShareTab::Share),
        (BUNDLE, ShareTab::Phone),
        (BUNDLE, ShareTab::Share),
    ] {
        let mut state = sharing(json, article("a1"));
        let effects = update(&mut state, Msg::OpenShare(tab));
        assert_eq!(
            effects,
            [
                Effect::LockScroll(true),
                Effect::Focus(format!("av-tab-share-{}", tab.as_str())),
            ]
        );
        assert_eq!(state.share, overlay(tab, tab, CopyStatus::Idle));
        assert_eq!(state.route, article("a1"), "the route stays");
    }
}

#[track_caller]
fn check_open_ignored(mut state: State, tab: ShareTab) {
    let before = state.share;
    assert_eq!(update(&mut state, Msg::OpenShare(tab)), [], "{tab:?}");
    assert_eq!(state.share, before);
}

#[test]
fn the_overlay_opens_only_on_an_article() {
    for tab in ShareTab::ALL {
        check_open_ignored(sharing(SHARE_BUNDLE, Route::Home), tab);
        check_open_ignored(sharing(SHARE_BUNDLE, channel("news")), tab);
        check_open_ignored(sharing(SHARE_BUNDLE, article("no-such")), tab);
        check_open_ignored(sharing(SHARE_BUNDLE, channel("sports")), tab);
    }
}

#[test]
fn the_overlay_does_not_open_before_the_bundle_loads() {
    for tab in ShareTab::ALL {
        check_open_ignored(
            State {
                route: article("a1"),
                ..State::default()
            },
            tab,
        );
        let mut failed = State {
            route: article("a1"),
            ..State::default()
        };
        let failure = LoadFailure::Fetch {
            url: "x.json".to_owned(),
            reason: FetchError::Network("offline".to_owned()),
        };
        update(&mut failed, Msg::Load(Err(failure)));
        check_open_ignored(failed, tab);
    }
}

#[test]
fn an_open_overlay_is_not_opened_again() {
    for tab in ShareTab::ALL {
        let state = open_at("a1", ShareTab::Phone);
        check_open_ignored(state, tab);
    }
}

#[test]
fn the_app_tab_does_not_open_without_an_app() {
    check_open_ignored(sharing(BUNDLE, article("a1")), ShareTab::App);
}

#[test]
fn closing_returns_focus_to_the_button_that_opened_it() {
    for opener in ShareTab::ALL {
        let mut state = open_at("a1", opener);
        update(&mut state, Msg::SelectShareTab(ShareTab::Share));
        let effects = update(&mut state, Msg::CloseShare);
        assert_eq!(
            effects,
            [
                Effect::LockScroll(false),
                Effect::Focus(format!("av-action-{}", opener.as_str())),
            ]
        );
        assert_eq!(state.share, None);
        assert_eq!(state.route, article("a1"));
    }
}

#[test]
fn closing_a_closed_overlay_does_nothing() {
    let mut state = sharing(SHARE_BUNDLE, article("a1"));
    assert_eq!(update(&mut state, Msg::CloseShare), []);
    assert_eq!(state.share, None);
    let mut state = open_at("a1", ShareTab::Phone);
    update(&mut state, Msg::CloseShare);
    assert_eq!(update(&mut state, Msg::CloseShare), [], "twice");
    assert_eq!(update(&mut State::default(), Msg::CloseShare), []);
}

#[test]
fn choosing_a_tab_shows_it_and_keeps_the_opener() {
    let mut state = open_at("a1", ShareTab::Phone);
    for tab in [
        ShareTab::Share,
        ShareTab::App,
        ShareTab::Phone,
        ShareTab::Phone,
    ] {
        assert_eq!(update(&mut state, Msg::SelectShareTab(tab)), []);
        assert_eq!(state.share, overlay(tab, ShareTab::Phone, CopyStatus::Idle));
    }
}

#[test]
fn the_app_tab_cannot_be_chosen_without_an_app() {
    let mut state = sharing(BUNDLE, article("a1"));
    update(&mut state, Msg::OpenShare(ShareTab::Share));
    assert_eq!(update(&mut state, Msg::SelectShareTab(ShareTab::App)), []);
    assert_eq!(
        state.share,
        overlay(ShareTab::Share, ShareTab::Share, CopyStatus::Idle)
    );
}

#[test]
fn choosing_a_tab_of_a_closed_overlay_does_not_open_it() {
    let mut state = sharing(SHARE_BUNDLE, article("a1"));
    assert_eq!(update(&mut state, Msg::SelectShareTab(ShareTab::Share)), []);
    assert_eq!(state.share, None);
}

#[track_caller]
fn check_share_key(json: &str, from: ShareTab, key: TabKey, expect: ShareTab) {
    let mut state = sharing(json, article("a1"));
    update(&mut state, Msg::OpenShare(from));
    let effects = update(
        &mut state,
        Msg::MoveTab {
            tablist: "share".to_owned(),
            key,
        },
    );
    assert_eq!(
        effects,
        [Effect::Focus(format!("av-tab-share-{}", expect.as_str()))],
        "{key:?} from {from:?}"
    );
    assert_eq!(
        state.share,
        overlay(expect, from, CopyStatus::Idle),
        "{key:?} from {from:?}"
    );
    assert_eq!(state.route, article("a1"), "the route is untouched");
}

#[test]
fn tab_keys_move_between_the_overlay_tabs_and_wrap() {
    use ShareTab::{App, Phone, Share};
    check_share_key(SHARE_BUNDLE, App, TabKey::Next, Phone);
    check_share_key(SHARE_BUNDLE, Phone, TabKey::Next, Share);
    check_share_key(SHARE_BUNDLE, Share, TabKey::Next, App);
    check_share_key(SHARE_BUNDLE, App, TabKey::Previous, Share);
    check_share_key(SHARE_BUNDLE, Share, TabKey::Previous, Phone);
    check_share_key(SHARE_BUNDLE, Phone, TabKey::First, App);
    check_share_key(SHARE_BUNDLE, Phone, TabKey::Last, Share);
    check_share_key(SHARE_BUNDLE, App, TabKey::First, App);
}

#[test]
fn tab_keys_skip_the_app_tab_without_an_app() {
    use ShareTab::{Phone, Share};
    check_share_key(BUNDLE, Share, TabKey::Next, Phone);
    check_share_key(BUNDLE, Phone, TabKey::Previous, Share);
    check_share_key(BUNDLE, Share, TabKey::First, Phone);
    check_share_key(BUNDLE, Phone, TabKey::Last, Share);
    check_share_key(BUNDLE, Phone, TabKey::Next, Share);
}

#[test]
fn overlay_tab_keys_do_nothing_while_it_is_closed() {
    check_move_tab_ignored(sharing(SHARE_BUNDLE, article("a1")), "share");
    let mut state = sharing(SHARE_BUNDLE, article("a1"));
    update(
        &mut state,
        Msg::MoveTab {
            tablist: "share".to_owned(),
            key: TabKey::Next,
        },
    );
    assert_eq!(state.share, None);
}

#[test]
fn channel_tab_keys_do_nothing_while_the_overlay_is_open() {
    let mut state = open_at("a1", ShareTab::Phone);
    for key in [TabKey::Next, TabKey::Last] {
        let msg = Msg::MoveTab {
            tablist: CHANNEL_TABS.to_owned(),
            key,
        };
        assert_eq!(update(&mut state, msg), []);
    }
    assert_eq!(state.route, article("a1"));
    assert_eq!(
        state.share,
        overlay(ShareTab::Phone, ShareTab::Phone, CopyStatus::Idle)
    );
}

#[test]
fn copying_asks_for_the_articles_own_url() {
    let mut state = open_at("own", ShareTab::Share);
    assert_eq!(
        update(&mut state, Msg::CopyLink),
        [Effect::CopyText(
            "https://a.cn/x?y=1&z=2#/article/k".to_owned()
        )]
    );
}

#[test]
fn copying_an_article_without_url_asks_for_its_route_on_the_viewer_page() {
    let mut state = open_at("a1", ShareTab::Share);
    assert_eq!(
        update(&mut state, Msg::CopyLink),
        [Effect::CopyText(A1_URL.to_owned())]
    );
}

#[test]
fn copying_needs_an_open_overlay_and_a_url() {
    let mut state = sharing(SHARE_BUNDLE, article("a1"));
    assert_eq!(update(&mut state, Msg::CopyLink), [], "closed");
    let mut state = open_at("a1", ShareTab::Share);
    state.page_url = None;
    assert_eq!(update(&mut state, Msg::CopyLink), [], "no URL to copy");
}

#[test]
fn a_finished_copy_is_reported_in_the_overlay() {
    let mut state = open_at("a1", ShareTab::Share);
    assert_eq!(update(&mut state, Msg::CopyFinished { copied: true }), []);
    assert_eq!(
        state.share,
        overlay(ShareTab::Share, ShareTab::Share, CopyStatus::Copied)
    );
}

#[test]
fn a_refused_copy_selects_the_fallback_field() {
    let mut state = open_at("a1", ShareTab::Share);
    assert_eq!(
        update(&mut state, Msg::CopyFinished { copied: false }),
        [Effect::SelectText("av-copy-fallback".to_owned())]
    );
    assert_eq!(
        state.share,
        overlay(ShareTab::Share, ShareTab::Share, CopyStatus::Refused)
    );
    // A later try that works replaces the fallback.
    assert_eq!(update(&mut state, Msg::CopyFinished { copied: true }), []);
    assert_eq!(
        state.share,
        overlay(ShareTab::Share, ShareTab::Share, CopyStatus::Copied)
    );
}

#[test]
fn a_copy_finishing_after_the_overlay_closed_is_dropped() {
    let mut state = open_at("a1", ShareTab::Share);
    update(&mut state, Msg::CloseShare);
    assert_eq!(update(&mut state, Msg::CopyFinished { copied: false }), []);
    assert_eq!(state.share, None);
}

#[test]
fn reopening_forgets_the_last_copy() {
    let mut state = open_at("a1", ShareTab::Share);
    update(&mut state, Msg::CopyFinished { copied: true });
    update(&mut state, Msg::CloseShare);
    update(&mut state, Msg::OpenShare(ShareTab::Share));
    assert_eq!(
        state.share,
        overlay(ShareTab::Share, ShareTab::Share, CopyStatus::Idle)
    );
}

#[test]
fn sharing_natively_opens_the_share_sheet_with_title_and_url() {
    let mut state = open_at("own", ShareTab::Share);
    assert_eq!(
        update(&mut state, Msg::ShareNatively),
        [Effect::OpenShareSheet {
            title: "黄河流域".to_owned(),
            url: "https://a.cn/x?y=1&z=2#/article/k".to_owned(),
        }]
    );
    let mut state = open_at("a1", ShareTab::Share);
    assert_eq!(
        update(&mut state, Msg::ShareNatively),
        [Effect::OpenShareSheet {
            title: "标题".to_owned(),
            url: A1_URL.to_owned(),
        }]
    );
}

#[test]
fn sharing_natively_needs_an_open_overlay_and_a_url() {
    let mut state = sharing(SHARE_BUNDLE, article("a1"));
    assert_eq!(update(&mut state, Msg::ShareNatively), []);
    let mut state = open_at("a1", ShareTab::Share);
    state.page_url = None;
    assert_eq!(update(&mut state, Msg::ShareNatively), []);
}

#[test]
fn navigating_away_closes_the_overlay_without_returning_focus() {
    for to in [
        Route::Home,
        channel("news"),
        article("own"),
        article("no-such"),
    ] {
        let mut state = open_at("a1", ShareTab::Phone);
        let effects = update(&mut state, Msg::Navigate(to.clone()));
        assert_eq!(
            effects,
            [
                Effect::LockScroll(false),
                Effect::FocusHeading,
                Effect::ScrollTo(0.0)
            ],
            "to {to:?}"
        );
        assert_eq!(state.share, None);
        assert_eq!(state.route, to);
    }
}

#[test]
fn going_back_closes_the_overlay_without_returning_focus() {
    let mut state = open_at("a1", ShareTab::Share);
    let effects = update(
        &mut state,
        Msg::Revisit {
            route: channel("focus"),
            scroll_y: 300.0,
        },
    );
    assert_eq!(
        effects,
        [
            Effect::LockScroll(false),
            Effect::FocusHeading,
            Effect::ScrollTo(300.0)
        ]
    );
    assert_eq!(state.share, None);
    assert_eq!(state.route, channel("focus"));
}

#[test]
fn navigating_with_the_overlay_closed_does_not_unlock_scrolling() {
    let mut state = sharing(SHARE_BUNDLE, article("a1"));
    assert_eq!(update(&mut state, Msg::Navigate(Route::Home)), NEW_PAGE);
}

/// The message a control's `data-action`/`data-value` give, as text, or `None`.
fn action_msg(action: &str, value: &str) -> Option<String> {
    Msg::for_action(action, value).map(|msg| format!("{msg:?}"))
}

#[test]
fn share_actions_map_to_messages() {
    for tab in ShareTab::ALL {
        assert!(
            matches!(Msg::for_action("open-share", tab.as_str()), Some(Msg::OpenShare(got)) if got == tab)
        );
        assert!(
            matches!(Msg::for_action("share-tab", tab.as_str()), Some(Msg::SelectShareTab(got)) if got == tab)
        );
    }
    assert!(matches!(
        Msg::for_action("close-share", ""),
        Some(Msg::CloseShare)
    ));
    assert!(matches!(
        Msg::for_action("copy-link", ""),
        Some(Msg::CopyLink)
    ));
    assert!(matches!(
        Msg::for_action("share-natively", ""),
        Some(Msg::ShareNatively)
    ));
}

#[test]
fn bad_share_action_values_are_rejected() {
    for value in ["", "App", "wechat", " phone", "share ", "qq", "0"] {
        assert_eq!(
            action_msg("open-share", value),
            None,
            "open-share {value:?}"
        );
        assert_eq!(action_msg("share-tab", value), None, "share-tab {value:?}");
    }
    assert_eq!(action_msg("Open-share", "app"), None);
    assert_eq!(action_msg("close", ""), None);
    assert_eq!(action_msg("copy", ""), None);
}

#[test]
fn share_tabs_round_trip_through_their_names() {
    let names: Vec<&str> = ShareTab::ALL.iter().map(|tab| tab.as_str()).collect();
    assert_eq!(names, ["app", "phone", "share"]);
    for tab in ShareTab::ALL {
        assert_eq!(ShareTab::parse(tab.as_str()), Some(tab));
    }
    let labels: Vec<&str> = ShareTab::ALL
        .iter()
        .map(|tab| tab.label(crate::text::Lang::Zh.text()))
        .collect();
    assert_eq!(labels, ["客户端中查看", "手机中查看", "分享"]);
}

// Search.

#[test]
fn routes_say_their_query() {
    assert_eq!(search("黄河").query(), Some("黄河"));
    assert_eq!(search("").query(), Some(""));
    assert_eq!(matching("a1", "5G").query(), Some("5G"));
    assert_eq!(article("a1").query(), None);
    assert_eq!(channel("focus").query(), None);
    assert_eq!(Route::Home.query(), None);
}

/// Five articles in `focus`: `old` and `new` mention 黄河 in the body once, `title` has it in its title,
/// `both` has 黄河 and 流域 together, `none` has neither.
const SEARCH_BUNDLE: &str = r#"{"format": "article-bundle", "version": 1,
    "site": {"name": "投资山西", "url": "https://invest.example.cn/"},
    "channels": [{"id": "focus", "name": "焦点图"}, {"id": "news", "name": "要闻"}],
    "articles": [
        {"id": "old", "channel": "focus", "title": "旧闻", "published": "2022-07-22T12:00:00+08:00",
         "body": "保护黄河。"},
        {"id": "title", "channel": "news", "title": "黄河", "published": "2021-07-22T12:00:00+08:00",
         "body": "生态保护。"},
        {"id": "new", "channel": "focus", "title": "新闻", "published": "2024-07-22T12:00:00+08:00",
         "body": "保护黄河。"},
        {"id": "both", "channel": "focus", "title": "要闻", "published": "2020-07-22T12:00:00+08:00",
         "body": "黄河流域。"},
        {"id": "none", "channel": "focus", "title": "其他", "published": "2023-07-22T12:00:00+08:00",
         "body": "生态。"}]}"#;

/// The viewer with `json` loaded at `route`, its search engine loaded too.
#[track_caller]
fn searching_in(json: &str, route: Route) -> Tab {
    let mut tab = Tab::at(route);
    let (bundle, diagnostics) = from_json(json).expect("the fixture parses");
    tab.send(Msg::Load(Ok((bundle, diagnostics))));
    assert_eq!(tab.state.search.module, SearchModule::Ready);
    tab
}

/// The ids of the articles found, in order.
fn hit_ids(state: &State) -> Vec<String> {
    let Load::Ready { bundle, .. } = &state.load else {
        return Vec::new();
    };
    found(state)
        .iter()
        .map(|found| match &found.place {
            Place::Local(position) => bundle.articles()[*position as usize].id().to_owned(),
            Place::Site(fragment) => fragment.id.clone(),
        })
        .collect()
}

/// The results the engine gave for the current query.
fn found(state: &State) -> &[Found] {
    state
        .search
        .results
        .as_ref()
        .map_or(&[], |results| &results.found)
}

/// How many articles the current query found.
fn total(state: &State) -> usize {
    state
        .search
        .results
        .as_ref()
        .map_or(0, |results| results.total as usize)
}

/// A bundle of `count` articles that all mention 黄河, `a0` the newest.
fn many_hits(count: usize) -> String {
    let articles: Vec<String> = (0..count)
        .map(|index| {
            format!(
                r#"{{"id": "a{index}", "channel": "focus", "title": "标题", "published": "{}-01-01T08:00:00+08:00",
                    "body": "黄河"}}"#,
                2100 - index
            )
        })
        .collect();
    format!(
        r#"{{"format": "article-bundle", "version": 1,
            "site": {{"name": "投资山西", "url": "https://invest.example.cn/"}},
            "channels": [{{"id": "focus", "name": "焦点图"}}],
            "articles": [{}]}}"#,
        articles.join(",")
    )
}

#[test]
fn the_first_keystroke_pushes_the_search_and_later_ones_replace_it() {
    let mut tab = searching_in(SEARCH_BUNDLE, Route::Home);
    assert!(!tab.state.search.built);
    assert_eq!(
        tab.send(Msg::SetQuery("黄".to_owned())),
        [Effect::PushRoute(search("黄")), Effect::ScrollTo(0.0)]
    );
    assert_eq!(tab.state.route, search("黄"));
    assert!(tab.state.search.built, "the first search builds the index");
    assert_eq!(
        tab.send(Msg::SetQuery("黄河".to_owned())),
        [Effect::ReplaceRoute(search("黄河")), Effect::ScrollTo(0.0)]
    );
    assert_eq!(tab.state.route, search("黄河"));
    assert_eq!(tab.send(Msg::SetQuery("黄河".to_owned())), [], "unchanged");
    assert_eq!(
        tab.send(Msg::SetQuery(String::new())),
        [Effect::ReplaceRoute(search("")), Effect::ScrollTo(0.0)]
    );
    assert_eq!(found(&tab.state), []);
    assert_eq!(total(&tab.state), 0);
}

#[test]
fn a_search_from_an_article_closes_its_overlay() {
    let mut tab = searching_in(SEARCH_BUNDLE, article("old"));
    tab.send(Msg::OpenShare(ShareTab::Share));
    assert!(tab.state.share.is_some());
    assert_eq!(
        tab.send(Msg::SetQuery("黄河".to_owned())),
        [
            Effect::LockScroll(false),
            Effect::PushRoute(search("黄河")),
            Effect::ScrollTo(0.0)
        ]
    );
    assert_eq!(tab.state.share, None);
}

#[test]
fn typing_a_query_lists_the_matching_articles_best_first() {
    let mut tab = searching_in(SEARCH_BUNDLE, channel("news"));
    tab.send(Msg::SetQuery("黄河".to_owned()));
    // The title hit first; equal body hits newest first.
    assert_eq!(hit_ids(&tab.state), ["title", "new", "old", "both"]);
    assert!(found(&tab.state)
        .windows(2)
        .all(|pair| pair[0].score >= pair[1].score));
    assert_eq!(total(&tab.state), 4);
    assert!(found(&tab.state)
        .iter()
        .all(|found| !found.occurrences.is_empty()));

    tab.send(Msg::SetQuery("黄河 流域".to_owned()));
    assert_eq!(hit_ids(&tab.state), ["both"]);
    tab.send(Msg::SetQuery("长江".to_owned()));
    assert_eq!(hit_ids(&tab.state), Vec::<String>::new());
    assert_eq!(total(&tab.state), 0);
}

#[test]
fn typing_before_the_bundle_loads_moves_the_route_and_finds_nothing() {
    let mut tab = Tab::at(Route::Home);
    assert_eq!(
        tab.send(Msg::SetQuery("黄河".to_owned())),
        [Effect::PushRoute(search("黄河")), Effect::ScrollTo(0.0)]
    );
    assert_eq!(tab.state.route, search("黄河"));
    assert!(tab.requests.is_empty(), "nothing to search yet");
    assert_eq!(found(&tab.state), []);
    // When it arrives, the search runs.
    let (bundle, diagnostics) = from_json(SEARCH_BUNDLE).expect("the fixture parses");
    assert_eq!(
        tab.send(Msg::Load(Ok((bundle, diagnostics)))),
        [Effect::ScheduleIndex]
    );
    assert_eq!(hit_ids(&tab.state), ["title", "new", "old", "both"]);
}

// See: issue 17. The engine is a module of its own: a search waits for it, and it loads at once when needed.
#[test]
fn a_search_before_the_engine_is_loaded_loads_it_at_once_and_waits_for_it() {
    let mut state = State::default();
    let (bundle, diagnostics) = from_json(SEARCH_BUNDLE).expect("the fixture parses");
    assert_eq!(
        update(&mut state, Msg::Load(Ok((bundle, diagnostics)))),
        [IDLE_ENGINE]
    );
    assert_eq!(
        update(&mut state, Msg::BuildIndex { budget: 100 }),
        [],
        "no engine to build in"
    );
    assert_eq!(
        update(&mut state, Msg::SetQuery("黄河".to_owned())),
        [
            Effect::PushRoute(search("黄河")),
            Effect::ScrollTo(0.0),
            Effect::LoadEngine { idle: false }
        ],
        "an idle load is brought forward"
    );
    assert!(state.search.waiting);
    let html = page_html(&state);
    assert!(
        html.contains("正在搜索…") && html.contains(r#"aria-busy="true""#),
        "{html}"
    );
    // Loaded: the articles go to the engine, all at once since a search waits, then the query.
    let effects = update(&mut state, Msg::EngineLoaded(Ok(())));
    let requests: Vec<&Request> = effects
        .iter()
        .filter_map(|effect| match effect {
            Effect::Engine(request) => Some(request),
            _ => None,
        })
        .collect();
    assert!(
        matches!(requests[0], Request::Local { count: 5, .. }),
        "{requests:?}"
    );
    assert!(
        matches!(requests[1], Request::Build { texts, .. } if texts.len() == 5),
        "{requests:?}"
    );
    assert_eq!(
        requests[2],
        &Request::Find {
            query: "黄河".to_owned(),
            wanted: RESULTS_PAGE as u32
        }
    );
    assert!(effects.contains(&Effect::ScheduleIndex));
}

#[test]
fn a_match_before_the_engine_is_loaded_loads_it_and_asks_for_its_marks() {
    let mut state = State {
        route: matching("old", "黄河"),
        ..State::default()
    };
    let (bundle, diagnostics) = from_json(SEARCH_BUNDLE).expect("the fixture parses");
    assert_eq!(
        update(&mut state, Msg::Load(Ok((bundle, diagnostics)))),
        [IDLE_ENGINE, Effect::LoadEngine { idle: false }]
    );
    assert!(!state.search.waiting, "no results wait");
    assert!(state.search.reveal);
    let effects = update(&mut state, Msg::EngineLoaded(Ok(())));
    assert_eq!(
        effects.last(),
        Some(&Effect::Engine(Request::Marks {
            query: "黄河".to_owned(),
            article: 0
        }))
    );
}

#[test]
fn a_search_says_so_when_the_engine_cannot_be_loaded() {
    let mut state = State::default();
    let (bundle, diagnostics) = from_json(SEARCH_BUNDLE).expect("the fixture parses");
    update(&mut state, Msg::Load(Ok((bundle, diagnostics))));
    update(&mut state, Msg::SetQuery("黄河".to_owned()));
    let reason = "Failed to fetch dynamically imported module".to_owned();
    assert_eq!(
        update(&mut state, Msg::EngineLoaded(Err(reason.clone()))),
        []
    );
    assert!(!state.search.waiting);
    let html = page_html(&state);
    assert!(
        html.contains("搜索功能未能加载") && html.contains(&reason),
        "{html}"
    );
    assert!(!html.contains("aria-busy"), "{html}");
    // Not asked for again on this visit: the browser would give the same answer.
    assert_eq!(
        update(&mut state, Msg::SetQuery("山西".to_owned())).len(),
        2
    );
    assert_eq!(update(&mut state, Msg::SearchFocused), []);
}

#[test]
fn results_show_a_page_at_a_time() {
    let mut tab = searching_in(&many_hits(RESULTS_PAGE * 2 + 10), Route::Home);
    tab.send(Msg::SetQuery("黄河".to_owned()));
    assert_eq!(total(&tab.state), RESULTS_PAGE * 2 + 10);
    assert_eq!(found(&tab.state).len(), RESULTS_PAGE);
    let shown_have_occurrences = |state: &State| {
        found(state)
            .iter()
            .all(|found| !found.occurrences.is_empty())
    };
    assert!(shown_have_occurrences(&tab.state));
    let mut finds = tab.requests.len();
    for (expect, asks) in [
        (RESULTS_PAGE * 2, true),
        (RESULTS_PAGE * 2 + 10, true),
        (RESULTS_PAGE * 2 + 10, false),
    ] {
        assert_eq!(tab.send(Msg::ShowMoreResults), []);
        assert_eq!(found(&tab.state).len(), expect);
        assert_eq!(tab.requests.len() > finds, asks, "shown {expect}");
        finds = tab.requests.len();
        assert!(shown_have_occurrences(&tab.state), "shown {expect}");
    }
    // Newest first: a0 is the newest.
    let ids = hit_ids(&tab.state);
    assert_eq!(&ids[..3], ["a0", "a1", "a2"]);
    // A new query starts again at one page.
    tab.send(Msg::SetQuery("黄".to_owned()));
    assert_eq!(found(&tab.state).len(), RESULTS_PAGE);
    assert_eq!(tab.state.search.shown, RESULTS_PAGE);
}

#[test]
fn showing_more_of_few_results_changes_nothing() {
    let mut tab = searching_in(SEARCH_BUNDLE, search("黄河"));
    let asked = tab.requests.len();
    assert_eq!(tab.send(Msg::ShowMoreResults), []);
    assert_eq!(found(&tab.state).len(), 4);
    assert_eq!(tab.requests.len(), asked, "nothing more to ask");
    let mut tab = searching_in(SEARCH_BUNDLE, Route::Home);
    assert_eq!(tab.send(Msg::ShowMoreResults), []);
    assert_eq!(found(&tab.state), []);
}

#[test]
fn a_deep_link_to_a_search_shows_its_results() {
    let tab = searching_in(SEARCH_BUNDLE, search("黄河"));
    assert_eq!(hit_ids(&tab.state), ["title", "new", "old", "both"]);
    assert!(tab.state.search.built);

    let mut tab = searching_in(SEARCH_BUNDLE, Route::Home);
    assert_eq!(tab.send(Msg::Navigate(search("黄河 流域"))), NEW_PAGE);
    assert_eq!(hit_ids(&tab.state), ["both"]);
    // From one search to another (say a link), the reader stays where they are.
    assert_eq!(tab.send(Msg::Navigate(search("保护"))), []);
    assert_eq!(hit_ids(&tab.state), ["new", "old", "title"]);
}

#[test]
fn revisiting_a_search_shows_its_results_again() {
    let mut tab = searching_in(SEARCH_BUNDLE, search("流域"));
    tab.send(Msg::Navigate(article("both")));
    let effects = tab.send(Msg::Revisit {
        route: search("黄河"),
        scroll_y: 120.0,
    });
    assert_eq!(effects, [Effect::FocusHeading, Effect::ScrollTo(120.0)]);
    assert_eq!(hit_ids(&tab.state), ["title", "new", "old", "both"]);
}

#[test]
fn the_index_is_built_once_when_asked() {
    let mut tab = searching_in(SEARCH_BUNDLE, Route::Home);
    assert!(
        !tab.state.search.built,
        "not before the first view is shown"
    );
    assert_eq!(
        tab.send(Msg::BuildIndex { budget: usize::MAX }),
        [Effect::ScheduleIndex]
    );
    assert!(tab.state.search.built);
    let sent = tab.requests.len();
    assert_eq!(tab.send(Msg::BuildIndex { budget: usize::MAX }), []);
    tab.send(Msg::SetQuery("黄河".to_owned()));
    assert_eq!(
        tab.requests[sent..],
        [Request::Find {
            query: "黄河".to_owned(),
            wanted: RESULTS_PAGE as u32
        }],
        "built once"
    );
}

#[test]
fn the_index_is_not_built_without_a_bundle() {
    let mut tab = Tab::at(Route::Home);
    assert_eq!(tab.send(Msg::BuildIndex { budget: usize::MAX }), []);
    let failure = LoadFailure::Fetch {
        url: "x.json".to_owned(),
        reason: FetchError::Network("offline".to_owned()),
    };
    tab.send(Msg::Load(Err(failure)));
    assert_eq!(tab.send(Msg::BuildIndex { budget: usize::MAX }), []);
    assert!(tab.requests.is_empty());
}

#[test]
fn a_new_bundle_forgets_the_old_index_and_results() {
    let mut tab = searching_in(SEARCH_BUNDLE, Route::Home);
    tab.send(Msg::SetQuery("黄河".to_owned()));
    tab.send(Msg::Navigate(Route::Home));
    let (bundle, diagnostics) = from_json(BUNDLE).expect("the fixture parses");
    assert_eq!(
        tab.send(Msg::Load(Ok((bundle, diagnostics)))),
        [Effect::ScheduleIndex],
        "the engine, loaded already, starts on the new bundle"
    );
    assert!(!tab.state.search.built);
    assert_eq!(tab.state.search.results, None);
    assert!(matches!(
        tab.requests.last(),
        Some(Request::Local { count: 1, .. })
    ));
    tab.send(Msg::SetQuery("黄河".to_owned()));
    assert_eq!(hit_ids(&tab.state), Vec::<String>::new());
    tab.send(Msg::SetQuery("正文".to_owned()));
    assert_eq!(hit_ids(&tab.state), ["a1"]);
}

#[test]
fn arriving_at_a_match_reveals_the_first_mark() {
    let mut tab = searching_in(SEARCH_BUNDLE, search("黄河"));
    assert_eq!(
        tab.send(Msg::Navigate(matching("old", "黄河"))),
        [
            Effect::FocusHeading,
            Effect::ScrollTo(0.0),
            Effect::RevealFirstMark
        ]
    );
    let marks = tab.state.search.marks.clone().expect("the marks");
    assert_eq!((marks.article, marks.occurrences.len()), (0, 1));
    // Back at it later, the marks show but the reader returns to where they were.
    tab.send(Msg::Navigate(Route::Home));
    assert_eq!(
        tab.send(Msg::Revisit {
            route: matching("both", "黄河"),
            scroll_y: 40.0
        }),
        [Effect::FocusHeading, Effect::ScrollTo(40.0)]
    );
    assert_eq!(
        tab.state.search.marks.as_ref().map(|marks| marks.article),
        Some(3)
    );

    // Opened from a link: the index is built at once, for the marks.
    let mut tab = Tab::at(matching("old", "黄河"));
    let (bundle, diagnostics) = from_json(SEARCH_BUNDLE).expect("the fixture parses");
    assert_eq!(
        tab.send(Msg::Load(Ok((bundle, diagnostics)))),
        [Effect::ScheduleIndex, Effect::RevealFirstMark]
    );
    assert!(tab.state.search.built);
    assert!(page_html(&tab.state).contains("<mark>黄河</mark>"));
}

#[test]
fn a_match_before_the_bundle_loads_is_a_plain_navigation() {
    let mut tab = Tab::at(Route::Home);
    assert_eq!(tab.send(Msg::Navigate(matching("old", "黄河"))), NEW_PAGE);
    assert!(tab.requests.is_empty());
}

#[test]
fn a_match_shows_its_article() {
    let (bundle, _) = from_json(SEARCH_BUNDLE).expect("the fixture parses");
    let bundle = &bundle;
    let state = State {
        route: matching("old", "黄河"),
        ..State::default()
    };
    assert!(matches!(state.shown(bundle), Shown::Article(found) if found.id() == "old"));
    let state = State {
        route: matching("no-such", "黄河"),
        ..State::default()
    };
    assert!(matches!(state.shown(bundle), Shown::NotFound));
    let state = State {
        route: search("黄河"),
        ..State::default()
    };
    assert!(matches!(state.shown(bundle), Shown::Search));
}

#[test]
fn the_more_results_button_maps_to_its_message() {
    assert!(matches!(
        Msg::for_action("more-results", ""),
        Some(Msg::ShowMoreResults)
    ));
    assert_eq!(action_msg("more-result", ""), None);
}

// Searching the site's prebuilt index (issue 8): the bundle names it, the search box's focus starts loading it,
// and results come from the files fetched.

/// A bundle of 120 generated articles whose site names an index at `search/index.txt`, and that index's files
/// as a host holds them (the articles' bundles are `<channel>.json` beside `search/`).
fn site_with_index() -> (Tab, std::collections::HashMap<String, Vec<u8>>) {
    use crate::search::chunks::{self, Origin};
    let json = crate::search::corpus::bundle_json(120, 300, 3).replacen(
        r#""url":"https://invest.example.cn/"}"#,
        r#""url":"https://invest.example.cn/","search_index":"search/index.txt"}"#,
        1,
    );
    let (bundle, _) = from_json(&json).expect("the generated bundle parses");
    let origins: Vec<Origin> = bundle
        .articles()
        .iter()
        .map(|article| Origin {
            bundle: format!("../{}.json", article.channel()),
            channel: bundle
                .channel(article.channel())
                .expect("known")
                .name()
                .to_owned(),
        })
        .collect();
    let (manifest, pieces) = chunks::build(bundle.articles(), &origins, None);
    let files = chunks::files(&manifest, pieces)
        .map(|piece| {
            (
                format!("https://invest.example.cn/b/search/{}", piece.name),
                piece.bytes,
            )
        })
        .collect();
    let mut tab = Tab::at(Route::Home);
    tab.state.bundle_url = Some("https://invest.example.cn/b/focus.json".to_owned());
    tab.state.page_url = Some("https://invest.example.cn/viewer/?bundle=x#/".to_owned());
    // No index to build: the site's is ready-made.
    assert_eq!(tab.send(Msg::Load(Ok((bundle, Vec::new())))), []);
    assert_eq!(
        tab.requests,
        [Request::Site(
            "https://invest.example.cn/b/search/index.txt".to_owned()
        )]
    );
    (tab, files)
}

/// Carries out fetches as the browser would, until the viewer asks for nothing more; returns the files fetched.
fn serve(
    tab: &mut Tab,
    files: &std::collections::HashMap<String, Vec<u8>>,
    mut effects: Vec<Effect>,
) -> Vec<String> {
    let mut fetched = Vec::new();
    while let Some(position) = effects
        .iter()
        .position(|effect| matches!(effect, Effect::FetchIndexFiles(_)))
    {
        let Effect::FetchIndexFiles(wanted) = effects.remove(position) else {
            unreachable!()
        };
        for file in wanted {
            fetched.push(file.url.clone());
            // A host that sends the byte ranges asked for.
            let result = files
                .get(&file.url)
                .map(|bytes| match file.range {
                    Some((start, end)) => bytes[start as usize..end as usize].to_vec(),
                    None => bytes.clone(),
                })
                .ok_or_else(not_found);
            effects.extend(tab.send(Msg::IndexFile {
                name: file.name,
                result,
            }));
        }
    }
    fetched
}

#[test]
fn the_site_index_loads_on_focus_and_answers_with_results_from_every_bundle() {
    let (mut tab, files) = site_with_index();
    let effects = tab.send(Msg::SearchFocused);
    assert_eq!(
        effects,
        [Effect::FetchIndexFiles(vec![IndexFile {
            name: "index.txt".to_owned(),
            url: "https://invest.example.cn/b/search/index.txt".to_owned(),
            range: None,
        }])]
    );
    let fetched = serve(&mut tab, &files, effects);
    assert_eq!(
        fetched.len(),
        2,
        "the manifest, then the segment's head (document table and directory): {fetched:?}"
    );
    assert!(tab.send(Msg::SearchFocused).is_empty(), "asked once");

    let effects = tab.send(Msg::SetQuery("黄河".to_owned()));
    assert!(tab.state.search.waiting);
    let page = page_html(&tab.state);
    assert!(page.contains("正在搜索…"), "{page}");
    assert!(page.contains("aria-busy=\"true\""), "{page}");
    let fetched = serve(&mut tab, &files, effects);
    assert!(!tab.state.search.waiting);
    assert!(
        fetched.iter().any(|url| url.contains("/chars-")),
        "{fetched:?}"
    );
    assert!(
        fetched.iter().any(|url| url.contains("/pack-")),
        "{fetched:?}"
    );
    let total = total(&tab.state);
    assert!(total > 10, "{total}");
    let page = page_html(&tab.state);
    assert!(page.contains(&format!("找到 {total} 篇")), "{page}");
    assert_eq!(page.matches("class=\"result\"").count(), 10);
    assert!(page.contains("<mark>黄河</mark>"), "{page}");
    // An article of this bundle opens in place; one of another bundle opens the viewer on its bundle.
    assert!(page.contains("href=\"#/article/"), "{page}");
    assert!(
        page.contains(
            "href=\"https://invest.example.cn/viewer/?bundle=https%3A%2F%2Finvest.example.cn%2Fb%2Feconomy.json#/article/"
        ),
        "{page}"
    );

    // More results fetch the packs of the next ten only.
    let effects = tab.send(Msg::ShowMoreResults);
    serve(&mut tab, &files, effects);
    let page = page_html(&tab.state);
    assert_eq!(page.matches("class=\"result\"").count(), 20.min(total));

    // The same query again needs nothing new.
    let effects = tab.send(Msg::SetQuery("黄".to_owned()));
    serve(&mut tab, &files, effects);
    let effects = tab.send(Msg::SetQuery("黄河".to_owned()));
    assert!(serve(&mut tab, &files, effects).is_empty());
}

#[test]
fn the_site_index_starts_loading_when_an_engine_loaded_after_the_focus_arrives() {
    let (mut tab, _) = site_with_index();
    // A fresh viewer whose engine is not loaded when the search box gets focus.
    let mut state = State {
        bundle_url: tab.state.bundle_url.clone(),
        ..State::default()
    };
    let Load::Ready { bundle, .. } = std::mem::take(&mut tab.state.load) else {
        panic!("loaded")
    };
    update(&mut state, Msg::Load(Ok((bundle, Vec::new()))));
    assert_eq!(
        update(&mut state, Msg::SearchFocused),
        [Effect::LoadEngine { idle: false }]
    );
    assert_eq!(
        update(&mut state, Msg::EngineLoaded(Ok(()))),
        [
            Effect::Engine(Request::Site(
                "https://invest.example.cn/b/search/index.txt".to_owned()
            )),
            Effect::Engine(Request::Warm)
        ]
    );
}

#[test]
fn a_missing_site_index_says_so_and_is_tried_again_on_the_next_query() {
    let (mut tab, mut files) = site_with_index();
    files.retain(|url, _| !url.contains("/head-"));
    let effects = tab.send(Msg::SetQuery("黄河".to_owned()));
    serve(&mut tab, &files, effects);
    assert!(!tab.state.search.waiting, "nothing is on its way");
    let page = page_html(&tab.state);
    assert!(page.contains("搜索索引暂时无法读取"), "{page}");
    assert!(page.contains("HTTP 404 Not Found"), "{page}");
    let effects = tab.send(Msg::SetQuery("山西".to_owned()));
    assert!(
        serve(&mut tab, &files, effects)
            .iter()
            .any(|url| url.contains("/head-")),
        "a new query tries the failed file again"
    );
}

// Big bundles (issue 10): progress while loading, one article first, the index in slices.

/// The viewer at `route` while [`SEARCH_BUNDLE`] loads, half downloaded, showing a preview of its article `id`.
fn previewing(route: Route, id: &str) -> State {
    use crate::bundle::{Reader, Value};
    let mut state = State {
        route,
        ..State::default()
    };
    let mut head: Value = serde_json::from_str(SEARCH_BUNDLE).expect("the fixture parses");
    let Value::Object(members) = &mut head else {
        panic!("a bundle is an object")
    };
    let Some((_, Value::Array(entries))) = members.iter_mut().find(|(key, _)| key == "articles")
    else {
        panic!("the fixture has articles")
    };
    let entries = std::mem::take(entries);
    let entry = entries
        .iter()
        .find(|entry| entry.get("id") == Some(&Value::String(id.to_owned())))
        .expect("the article is in the fixture");
    let preview = Reader::new(&head)
        .expect("a valid head")
        .preview(entry)
        .expect("a valid article");
    assert_eq!(preview.articles().len(), 1);
    update(
        &mut state,
        Msg::Progress(LoadProgress::Fetching {
            received: 10_000_000,
            total: Some(20_000_000),
        }),
    );
    assert_eq!(update(&mut state, Msg::Preview(preview)), []);
    state
}

fn page_html(state: &State) -> String {
    crate::node::to_html(&crate::view::page(state))
}

#[test]
fn progress_shows_while_the_bundle_downloads_then_while_it_is_read() {
    let mut state = State::default();
    assert!(!page_html(&state).contains("<progress"), "no figures yet");
    let fetching = |received, total| Msg::Progress(LoadProgress::Fetching { received, total });
    assert_eq!(
        update(&mut state, fetching(5_000_000, Some(20_000_000))),
        []
    );
    let html = page_html(&state);
    assert!(
        html.contains(r#"<progress aria-label="加载进度" max="20000000" value="5000000""#),
        "{html}"
    );
    assert!(html.contains("已下载 5.0 MB / 20.0 MB（25%）"), "{html}");
    update(&mut state, fetching(7_000_000, None));
    let html = page_html(&state);
    assert!(
        html.contains(r#"<progress aria-label="加载进度">"#),
        "indeterminate: {html}"
    );
    assert!(html.contains("已下载 7.0 MB"), "{html}");
    update(
        &mut state,
        Msg::Progress(LoadProgress::Reading { read: 4, total: 10 }),
    );
    assert!(page_html(&state).contains("正在整理文章 4 / 10"));
    let (bundle, diagnostics) = from_json(SEARCH_BUNDLE).expect("the fixture parses");
    update(&mut state, Msg::Load(Ok((bundle, diagnostics))));
    assert_eq!(state.progress, None);
    update(&mut state, fetching(1, Some(2)));
    assert_eq!(
        state.progress, None,
        "late news of a finished load is ignored"
    );
    assert!(!page_html(&state).contains("<progress"));
}

#[test]
fn a_preview_shows_its_article_and_nothing_else_until_the_bundle_is_read() {
    let mut state = previewing(article("title"), "title");
    let html = page_html(&state);
    assert!(
        html.contains(r#"<h1 id="av-heading""#) && html.contains("黄河"),
        "{html}"
    );
    assert!(html.contains("已下载 10.0 MB / 20.0 MB（50%）"), "{html}");
    for route in [
        Route::Home,
        channel("focus"),
        article("old"),
        Route::Search("黄河".to_owned()),
    ] {
        update(&mut state, Msg::Navigate(route.clone()));
        let html = page_html(&state);
        assert!(
            html.contains("正在加载文章…") && !html.contains("找不到"),
            "{route:?}: {html}"
        );
    }
    let mut tab = Tab::of(state);
    assert_eq!(tab.send(Msg::BuildIndex { budget: usize::MAX }), []);
    assert!(
        tab.requests.is_empty(),
        "no index of a preview, nor an engine for it"
    );
    // The whole bundle arrives while the reader waits on a search: it runs then.
    let (bundle, diagnostics) = from_json(SEARCH_BUNDLE).expect("the fixture parses");
    tab.send(Msg::Load(Ok((bundle, diagnostics))));
    assert_eq!(hit_ids(&tab.state), ["title", "new", "old", "both"]);
    assert!(!page_html(&tab.state).contains("<progress"));
}

// See: issue 23. A static page is taken over only once the whole bundle is read, never by a preview.
#[test]
fn only_a_whole_bundle_read_counts_as_loaded() {
    let state = State::default();
    assert!(!state.is_loaded(), "loading");
    let mut state = previewing(article("title"), "title");
    assert!(!state.is_loaded(), "a preview");
    let (bundle, diagnostics) = from_json(SEARCH_BUNDLE).expect("the fixture parses");
    update(&mut state, Msg::Load(Ok((bundle, diagnostics))));
    assert!(state.is_loaded());
    let failure = LoadFailure::Fetch {
        url: "x.json".to_owned(),
        reason: FetchError::Network("offline".to_owned()),
    };
    update(&mut state, Msg::Load(Err(failure)));
    assert!(!state.is_loaded(), "failed");
}

// See: issue 23. The progress bar above a preview's article went, and the article paired by position with it:
// patching rebuilt the article as the bundle was read, under the reader.
#[test]
fn the_article_of_a_preview_is_the_one_patched_when_the_bundle_is_read() {
    use crate::node::diff::match_children;
    let main_children = |state: &State| {
        let page = crate::view::page(state);
        let main = page
            .descendants()
            .into_iter()
            .find(|element| element.tag() == "main")
            .expect("a main element")
            .clone();
        main.children().to_vec()
    };
    let article_at = |children: &[crate::node::Node]| {
        children
            .iter()
            .position(|child| matches!(child, crate::node::Node::Element(element) if element.tag() == "article"))
            .expect("an article")
    };
    let mut state = previewing(article("title"), "title");
    let previewed = main_children(&state);
    let (bundle, diagnostics) = from_json(SEARCH_BUNDLE).expect("the fixture parses");
    update(&mut state, Msg::Load(Ok((bundle, diagnostics))));
    let read = main_children(&state);
    assert_ne!(
        article_at(&previewed),
        article_at(&read),
        "the bar went from above it"
    );
    let pairs = match_children(&previewed, &read);
    assert_eq!(pairs[article_at(&read)], Some(article_at(&previewed)));
}

#[test]
fn a_preview_never_replaces_a_bundle_or_a_failure() {
    let mut state = searching_in(SEARCH_BUNDLE, article("title")).state;
    let (small, _) = from_json(BUNDLE).expect("the fixture parses");
    update(&mut state, Msg::Preview(small.clone()));
    assert!(matches!(&state.load, Load::Ready { bundle, .. } if bundle.articles().len() == 5));
    let mut state = State::default();
    let failure = LoadFailure::Fetch {
        url: "x.json".to_owned(),
        reason: FetchError::Network("offline".to_owned()),
    };
    update(&mut state, Msg::Load(Err(failure)));
    update(&mut state, Msg::Preview(small));
    assert!(matches!(state.load, Load::Failed(_)));
}

#[test]
fn the_index_is_built_in_slices_and_a_search_finishes_it() {
    // The truth: the index built at once, as the command line builds it.
    let (bundle, _) = from_json(SEARCH_BUNDLE).expect("the fixture parses");
    let whole = Index::build(bundle.articles());
    let published = |article: usize| bundle.articles()[article].published().unix_seconds();
    let expected = |query: &str| -> Vec<(u32, Vec<crate::search::Occurrence>)> {
        whole
            .search(
                &crate::search::Query::parse(query),
                &published,
                RESULTS_PAGE,
            )
            .into_iter()
            .map(|hit| (hit.article as u32, hit.occurrences))
            .collect()
    };
    let answered = |tab: &Tab| -> Vec<(u32, Vec<crate::search::Occurrence>)> {
        found(&tab.state)
            .iter()
            .map(|found| match found.place {
                Place::Local(position) => (position, found.occurrences.clone()),
                Place::Site(_) => panic!("no site index"),
            })
            .collect()
    };

    let mut tab = searching_in(SEARCH_BUNDLE, Route::Home);
    let slices = tab.build_in_slices(3);
    assert!(slices > 3, "{slices} slices");
    for query in ["黄河", "保护", "生态 黄河", "闻"] {
        tab.send(Msg::SetQuery(query.to_owned()));
        assert_eq!(answered(&tab), expected(query), "{query}");
    }

    // A search in the middle of a build finishes it, and the same results come.
    let mut tab = searching_in(SEARCH_BUNDLE, Route::Home);
    tab.send(Msg::BuildIndex { budget: 3 });
    assert!(!tab.state.search.built);
    tab.send(Msg::SetQuery("黄河".to_owned()));
    assert!(tab.state.search.built);
    assert_eq!(answered(&tab), expected("黄河"));
    assert_eq!(hit_ids(&tab.state), ["title", "new", "old", "both"]);
}

/// What the browser reports for a file the server does not have.
fn not_found() -> crate::fetch::FetchError {
    crate::fetch::FetchError::Http {
        status: 404,
        status_text: "Not Found".to_owned(),
    }
}

// Decisions the browser layer used to make (issue 16).

#[test]
fn an_embedded_viewer_leaves_the_pages_address_history_scroll_and_storage_alone() {
    let mut page = loaded_at(Route::Home);
    let mut embedded = loaded_at(Route::Home);
    embedded.embedded = true;
    let page_only = |effect: &Effect| {
        matches!(
            effect,
            Effect::ScrollTo(_)
                | Effect::PushRoute(_)
                | Effect::ReplaceRoute(_)
                | Effect::RevealFirstMark
                | Effect::SavePrefs(_)
        )
    };
    let messages = [
        Msg::Navigate(article("a1")),
        Msg::Navigate(channel("news")),
        Msg::SetTheme(Theme::Dark),
        Msg::SetFontSize(FontSize::Large),
        Msg::Navigate(Route::Match {
            article: "a1".to_owned(),
            query: "正文".to_owned(),
        }),
        Msg::Revisit {
            route: Route::Home,
            scroll_y: 300.0,
        },
    ];
    let mut seen_on_the_page = 0;
    for msg in messages {
        let on_the_page = update(&mut page, msg.clone());
        let in_the_embed = update(&mut embedded, msg.clone());
        seen_on_the_page += on_the_page
            .iter()
            .filter(|effect| page_only(effect))
            .count();
        let kept: Vec<Effect> = on_the_page
            .into_iter()
            .filter(|effect| !page_only(effect))
            .collect();
        assert_eq!(in_the_embed, kept, "{msg:?}");
        assert_eq!(
            embedded.route, page.route,
            "the route still changes, in memory"
        );
    }
    assert!(
        seen_on_the_page >= 5,
        "the messages do touch a page viewer's page"
    );
    assert_eq!(
        embedded.prefs, page.prefs,
        "preferences apply for the visit"
    );
}

fn press(key: &str) -> KeyPress<'_> {
    KeyPress {
        key,
        shift: false,
        modified: false,
        tablist: None,
    }
}

#[test]
fn esc_and_tab_belong_to_the_open_dialog() {
    let mut state = loaded_at(article("a1"));
    assert!(
        key_action(&state, &press("Escape")).is_none(),
        "no dialog, nothing to close"
    );
    update(&mut state, Msg::OpenShare(ShareTab::Phone));
    assert!(matches!(
        key_action(&state, &press("Escape")),
        Some(KeyAction::Send(Msg::CloseShare))
    ));
    assert!(matches!(
        key_action(&state, &press("Tab")),
        Some(KeyAction::KeepFocusIn { backwards: false })
    ));
    let back = KeyPress {
        shift: true,
        ..press("Tab")
    };
    assert!(matches!(
        key_action(&state, &back),
        Some(KeyAction::KeepFocusIn { backwards: true })
    ));
    update(&mut state, Msg::CloseShare);
    assert!(
        key_action(&state, &press("Tab")).is_none(),
        "Tab takes its usual course"
    );
}

#[test]
fn arrow_keys_move_along_the_focused_tab_list_without_modifiers() {
    let state = loaded_at(Route::Home);
    let on_tab = |key| KeyPress {
        tablist: Some(CHANNEL_TABS),
        ..press(key)
    };
    assert!(matches!(
        key_action(&state, &on_tab("ArrowRight")),
        Some(KeyAction::Send(Msg::MoveTab { tablist, key: TabKey::Next })) if tablist == CHANNEL_TABS
    ));
    assert!(matches!(
        key_action(&state, &on_tab("End")),
        Some(KeyAction::Send(Msg::MoveTab {
            key: TabKey::Last,
            ..
        }))
    ));
    assert!(
        key_action(&state, &press("ArrowRight")).is_none(),
        "not on a tab"
    );
    assert!(key_action(&state, &on_tab("a")).is_none());
    for held in [
        KeyPress {
            shift: true,
            ..on_tab("ArrowRight")
        },
        KeyPress {
            modified: true,
            ..on_tab("ArrowRight")
        },
    ] {
        assert!(key_action(&state, &held).is_none(), "{held:?}");
    }
}

#[test]
fn the_article_wanted_first_is_the_routes_until_something_shows() {
    let mut state = State {
        route: article("a1"),
        ..State::default()
    };
    assert_eq!(state.wanted_first(), Some("a1"));
    state.route = Route::Match {
        article: "a2".to_owned(),
        query: "黄河".to_owned(),
    };
    assert_eq!(state.wanted_first(), Some("a2"));
    state.route = channel("focus");
    assert_eq!(
        state.wanted_first(),
        None,
        "a channel needs the whole bundle"
    );
    let previewing = previewing(article("title"), "title");
    assert_eq!(previewing.wanted_first(), None, "a preview already shows");
    assert_eq!(loaded_at(article("a1")).wanted_first(), None, "read");
}

#[test]
fn the_bundles_address_is_where_its_relative_urls_resolve() {
    let mut state = State::default();
    assert_eq!(
        update(
            &mut state,
            Msg::Fetch("https://h.example.cn/bundles/sample.json".to_owned())
        ),
        []
    );
    assert_eq!(
        state.bundle_url.as_deref(),
        Some("https://h.example.cn/bundles/sample.json")
    );
}
