//! Tabs, as the WAI-ARIA Authoring Practices pattern describes them: one component for every tab list in the viewer
//! (the channels, and the share overlay's tabs).
//!
//! Activation is automatic: moving focus with the arrow keys also selects the tab, since showing a panel is instant.
//! A tab with a route of its own is a link to it (the channels), so it can be opened in a new browser tab;
//! a tab without one is a button (the share overlay, which adds nothing to the history).

use crate::node::{self, Element, Node};

/// The attribute of a tab list's element that names it, as [`Tabs::name`] does.
pub const TABLIST: &str = "data-tablist";

/// A tab's element, whichever its list.
pub const TAB: &str = "[role=tab]";

/// One tab: what it is called and where it leads.
#[derive(Debug, Clone)]
pub struct Tab<'a> {
    /// A key unique in its tab list, made of `[a-z0-9-]`; it becomes part of element ids.
    pub key: &'a str,
    /// The label shown.
    pub label: &'a str,
    /// What choosing it does.
    pub target: TabTarget,
}

/// What choosing a tab does.
#[derive(Debug, Clone)]
pub enum TabTarget {
    /// Follows a link to the tab's route, such as `#/channel/focus`.
    Href(String),
    /// A button whose `data-action` is this and whose `data-value` is the tab's key.
    Action(&'static str),
}

/// A tab list with one selected tab.
#[derive(Debug, Clone)]
pub struct Tabs<'a> {
    /// The list's name, unique in the page, such as `channels`; it becomes part of element ids.
    pub name: &'static str,
    /// The accessible name of the list, such as 栏目.
    pub label: &'a str,
    /// The tabs, in order.
    pub tabs: Vec<Tab<'a>>,
    /// Index of the selected tab in `tabs`.
    pub selected: usize,
}

/// A key that moves the selection in a tab list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabKey {
    /// Left arrow: the previous tab, wrapping to the last.
    Previous,
    /// Right arrow: the next tab, wrapping to the first.
    Next,
    /// Home: the first tab.
    First,
    /// End: the last tab.
    Last,
}

impl TabKey {
    /// The move for a `KeyboardEvent.key` value, if it is one of the tab keys.
    pub fn from_key(key: &str) -> Option<TabKey> {
        match key {
            "ArrowLeft" | "Left" => Some(TabKey::Previous),
            "ArrowRight" | "Right" => Some(TabKey::Next),
            "Home" => Some(TabKey::First),
            "End" => Some(TabKey::Last),
            _ => None,
        }
    }

    /// The index selected after this key, in a list of `n_tabs` tabs whose selected index is `current`.
    pub fn apply(self, n_tabs: usize, current: usize) -> usize {
        let last = n_tabs.saturating_sub(1);
        match self {
            TabKey::Previous if current == 0 => last,
            TabKey::Previous => (current - 1).min(last),
            TabKey::Next if current >= last => 0,
            TabKey::Next => current + 1,
            TabKey::First => 0,
            TabKey::Last => last,
        }
    }
}

/// The element id of a tab, so that focus can be moved to it.
pub fn tab_id(list_name: &str, tab_key: &str) -> String {
    format!("av-tab-{list_name}-{tab_key}")
}

fn panel_id(list_name: &str) -> String {
    format!("av-panel-{list_name}")
}

/// The tab list and the selected tab's panel holding `panel`.
/// Only the selected tab is in the page's tab order (roving `tabindex`); the arrow keys reach the others.
pub fn view(tabs: &Tabs<'_>, panel: Vec<Node>) -> Node {
    let panel_id = panel_id(tabs.name);
    let list = Element::new("div")
        .with_attr("class", "tablist")
        .with_attr("part", "tabs")
        .with_attr("role", "tablist")
        .with_attr("aria-label", tabs.label)
        .with_attr(TABLIST, tabs.name)
        .with_children(tabs.tabs.iter().enumerate().map(|(index, tab)| {
            let selected = index == tabs.selected;
            let element = match &tab.target {
                TabTarget::Href(href) => Element::new("a").with_attr("href", href.as_str()),
                TabTarget::Action(action) => Element::new("button")
                    .with_attr("type", "button")
                    .with_attr(node::ACTION, *action)
                    .with_attr(node::ACTION_VALUE, tab.key),
            };
            element
                .with_attr("class", "tab")
                .with_attr("role", "tab")
                .with_attr("id", tab_id(tabs.name, tab.key))
                .with_attr("aria-selected", if selected { "true" } else { "false" })
                .with_attr("aria-controls", panel_id.as_str())
                .with_attr("tabindex", if selected { "0" } else { "-1" })
                .with_text(tab.label)
                .into()
        }));
    let labelled_by = tabs
        .tabs
        .get(tabs.selected)
        .map(|tab| tab_id(tabs.name, tab.key))
        .unwrap_or_default();
    let panel = Element::new("div")
        .with_attr("class", "tabpanel")
        .with_attr("role", "tabpanel")
        .with_attr("id", panel_id)
        .with_attr("aria-labelledby", labelled_by)
        .with_attr("tabindex", "0")
        .with_children(panel);
    Element::new("div")
        .with_attr("class", "tabs")
        .with_child(list)
        .with_child(panel)
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::to_html;

    #[test]
    fn arrows_wrap_and_home_end_jump() {
        assert_eq!(TabKey::Next.apply(3, 0), 1);
        assert_eq!(TabKey::Next.apply(3, 2), 0);
        assert_eq!(TabKey::Previous.apply(3, 0), 2);
        assert_eq!(TabKey::Previous.apply(3, 2), 1);
        assert_eq!(TabKey::First.apply(3, 2), 0);
        assert_eq!(TabKey::Last.apply(3, 0), 2);
        assert_eq!(TabKey::Next.apply(1, 0), 0);
        assert_eq!(TabKey::Previous.apply(0, 0), 0);
        assert_eq!(TabKey::Next.apply(0, 0), 0);
    }

    #[test]
    fn only_tab_keys_are_recognised() {
        assert_eq!(TabKey::from_key("ArrowLeft"), Some(TabKey::Previous));
        assert_eq!(TabKey::from_key("ArrowRight"), Some(TabKey::Next));
        assert_eq!(TabKey::from_key("Home"), Some(TabKey::First));
        assert_eq!(TabKey::from_key("End"), Some(TabKey::Last));
        assert_eq!(TabKey::from_key("ArrowDown"), None);
        assert_eq!(TabKey::from_key("Enter"), None);
    }

    #[test]
    fn the_selected_tab_alone_is_in_the_tab_order_and_labels_the_panel() {
        let tabs = Tabs {
            name: "channels",
            label: "栏目",
            tabs: vec![
                Tab {
                    key: "focus",
                    label: "焦点图",
                    target: TabTarget::Href("#/channel/focus".into()),
                },
                Tab {
                    key: "economy",
                    label: "经济动态",
                    target: TabTarget::Href("#/channel/economy".into()),
                },
            ],
            selected: 1,
        };
        let html = to_html(&view(&tabs, vec![Node::Text("列表".into())]));
        assert_eq!(
            html,
            concat!(
                r#"<div class="tabs"><div class="tablist" part="tabs" role="tablist" aria-label="栏目" data-tablist="channels">"#,
                r##"<a href="#/channel/focus" class="tab" role="tab" id="av-tab-channels-focus" aria-selected="false" "##,
                r#"aria-controls="av-panel-channels" tabindex="-1">焦点图</a>"#,
                r##"<a href="#/channel/economy" class="tab" role="tab" id="av-tab-channels-economy" aria-selected="true" "##,
                r#"aria-controls="av-panel-channels" tabindex="0">经济动态</a></div>"#,
                r#"<div class="tabpanel" role="tabpanel" id="av-panel-channels" aria-labelledby="av-tab-channels-economy" "#,
                r#"tabindex="0">列表</div></div>"#,
            )
        );
    }
}
