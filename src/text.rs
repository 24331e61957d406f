//! The viewer's own words (never an article's): Chinese by default, English for embeds with `lang="en"`.
//!
//! Every string the interface shows is a field of [`Text`]; the view takes the table of the state's [`Lang`].
//! Messages with something in them are functions, so each language orders its sentence its own way.

/// The language of the interface.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lang {
    /// Simplified Chinese.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The language of a BCP 47 tag such as `zh`, `zh-CN` or `en-GB`; `None` for one the viewer does not speak.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The BCP 47 tag of the interface's text, for `lang` attributes.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The interface's words in this language.
    pub fn text(self) -> &'static Text {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

/// A message with one value in it: the words before it and after it.
#[derive(Debug, Clone, Copy)]
pub struct Template(pub &'static str, pub &'static str);

impl Template {
    /// The message with `value` in its place.
    pub fn fill(self, value: &str) -> String {
        [self.0, value, self.1].concat()
    }
}

/// A message with two values in it: the words before, between and after them.
#[derive(Debug, Clone, Copy)]
pub struct Template2(pub &'static str, pub &'static str, pub &'static str);

impl Template2 {
    /// The message with `first` and `second` in their places.
    pub fn fill(self, first: &str, second: &str) -> String {
        [self.0, first, self.1, second, self.2].concat()
    }
}

/// A message with three values in it.
#[derive(Debug, Clone, Copy)]
pub struct Template3(
    pub &'static str,
    pub &'static str,
    pub &'static str,
    pub &'static str,
);

impl Template3 {
    /// The message with the values in their places.
    pub fn fill(self, first: &str, second: &str, third: &str) -> String {
        [self.0, first, self.1, second, self.2, third, self.3].concat()
    }
}

/// A message about a number of things and one more value, such as how many articles contain a query.
#[derive(Debug, Clone, Copy)]
pub struct CountedWith {
    /// The message for exactly one, with the value in it, where it is not the general form with `1` in it.
    pub one: Option<Template>,
    /// The message for any other number: the number first, then the value.
    pub many: Template2,
}

impl CountedWith {
    /// The message for `n` things and `value`.
    pub fn fill(self, n: usize, value: &str) -> String {
        match (n, self.one) {
            (1, Some(one)) => one.fill(value),
            _ => self.many.fill(&n.to_string(), value),
        }
    }
}

/// A message about a number of things: its own words for one, if the language says one differently.
#[derive(Debug, Clone, Copy)]
pub struct Counted {
    /// The whole message for exactly one, where it is not the general form with `1` in it.
    pub one: Option<&'static str>,
    /// The message for any other number.
    pub many: Template,
}

impl Counted {
    /// The message for `n` things.
    pub fn fill(self, n: usize) -> String {
        match (n, self.one) {
            (1, Some(one)) => one.to_owned(),
            _ => self.many.fill(&n.to_string()),
        }
    }
}

/// Every string the interface shows, in one language.
#[allow(missing_docs)] // Each field is named for what it says; the two tables below are its documentation.
pub struct Text {
    pub loading_article: &'static str,
    pub loading: &'static str,
    pub loading_progress: &'static str,
    /// Bytes downloaded, of a total not known.
    pub fetched: Template,
    /// Bytes downloaded, of the total, as a percentage.
    pub fetched_of: Template3,
    pub reading_articles: Template2,
    pub cannot_show: &'static str,
    pub fetch_failed: &'static str,
    pub bundle_broken: &'static str,
    pub bundle_address: &'static str,
    pub invalid_url: &'static str,
    pub network_failed: &'static str,
    pub read_failed: &'static str,
    pub file_too_big: &'static str,
    pub no_file_reader: &'static str,
    pub decompress_failed: &'static str,
    pub not_an_index_file: &'static str,
    /// Around the browser's own words after a message: `（…）`, ` (…)`.
    pub aside: (&'static str, &'static str),
    /// Between a file's address and what is wrong with it.
    pub colon: &'static str,
    pub search: &'static str,
    pub search_for: Template,
    pub no_channel: Template,
    pub no_article: Template,
    pub page_not_found: &'static str,
    pub back_home: &'static str,
    pub no_channels: &'static str,
    pub same_channel: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub channels: &'static str,
    pub empty_channel: &'static str,
    pub text_size: &'static str,
    pub small: &'static str,
    pub medium: &'static str,
    pub large: &'static str,
    pub appearance: &'static str,
    pub auto: &'static str,
    pub light: &'static str,
    pub dark: &'static str,
    pub search_articles: &'static str,
    pub breadcrumb: &'static str,
    pub published: &'static str,
    pub source: &'static str,
    pub author: &'static str,
    pub editor: &'static str,
    pub skipped_articles: Counted,
    pub ignored_items: Counted,
    pub search_prompt: &'static str,
    pub searching: &'static str,
    pub search_unavailable: Template,
    pub index_unreadable: Template,
    pub no_results: Template,
    pub found: CountedWith,
    pub results: &'static str,
    pub more_results: Counted,
    pub more_articles: Counted,
    pub open_in_app: &'static str,
    pub read_on_phone: &'static str,
    pub share: &'static str,
    pub share_ways: &'static str,
    pub read_and_share: &'static str,
    pub close: &'static str,
    pub read_in_app: Template,
    pub open_app: Template,
    pub app_qr: &'static str,
    pub phone_qr: &'static str,
    pub copy_link: &'static str,
    pub more_ways: &'static str,
    pub wechat: &'static str,
    pub wechat_qr: &'static str,
    pub weibo: &'static str,
    pub qzone: &'static str,
    pub share_to: &'static str,
    pub copied: &'static str,
    pub copy_refused: &'static str,
    pub article_link: &'static str,
    pub qr_code: Template,
    pub qr_too_long: Counted,
    pub no_link: &'static str,
}

impl Text {
    /// How much of a download has arrived: bytes as megabytes, and of how many with a percentage when known.
    pub fn download_progress(&self, received: u64, total: Option<u64>) -> String {
        match total {
            Some(total) => self.fetched_of.fill(
                &megabytes(received),
                &megabytes(total),
                &percent(received, total).to_string(),
            ),
            None => self.fetched.fill(&megabytes(received)),
        }
    }
}

static ZH: Text = Text {
    loading_article: "正在加载文章…",
    loading: "正在加载…",
    loading_progress: "加载进度",
    fetched: Template("已下载 ", ""),
    fetched_of: Template3("已下载 ", " / ", "（", "%）"),
    reading_articles: Template2("正在整理文章 ", " / ", ""),
    cannot_show: "无法显示文章",
    fetch_failed: "无法获取文章包。",
    bundle_broken: "文章包的内容有误，无法显示。",
    bundle_address: "文章包地址：",
    invalid_url: "不是有效的网址",
    network_failed: "网络错误或跨域请求被拒绝",
    read_failed: "读取失败",
    file_too_big: "文件太大",
    no_file_reader: "本地打开的页面无法读取文件（缺少 main.js）",
    decompress_failed: "解压失败",
    not_an_index_file: "不是本查看器能读的搜索索引文件",
    aside: ("（", "）"),
    colon: "：",
    search: "搜索",
    search_for: Template("搜索：", ""),
    no_channel: Template("找不到栏目“", "”。"),
    no_article: Template("找不到文章“", "”。"),
    page_not_found: "找不到页面",
    back_home: "返回首页",
    no_channels: "暂无栏目",
    same_channel: "同栏目文章",
    previous: "上一篇",
    next: "下一篇",
    channels: "栏目",
    empty_channel: "本栏目暂无文章。",
    text_size: "字号",
    small: "小",
    medium: "中",
    large: "大",
    appearance: "外观",
    auto: "自动",
    light: "浅色",
    dark: "深色",
    search_articles: "搜索文章",
    breadcrumb: "当前位置",
    published: "发布时间：",
    source: "来源：",
    author: "作者：",
    editor: "责任编辑：",
    skipped_articles: Counted {
        one: None,
        many: Template("", " 篇文章因数据有误未显示"),
    },
    ignored_items: Counted {
        one: None,
        many: Template("文章包中有 ", " 处数据被忽略"),
    },
    search_prompt: "输入关键词，搜索本站文章。",
    searching: "正在搜索…",
    search_unavailable: Template("搜索功能未能加载，请检查网络后刷新页面。（", "）"),
    index_unreadable: Template("搜索索引暂时无法读取，请稍后再试。（", "）"),
    no_results: Template(
        "没有找到包含“",
        "”的文章。请检查用词是否有误，或减少关键词再试。",
    ),
    found: CountedWith {
        one: None,
        many: Template2("找到 ", " 篇包含“", "”的文章。"),
    },
    results: "搜索结果",
    more_results: Counted {
        one: None,
        many: Template("显示更多结果（还有 ", " 篇）"),
    },
    more_articles: Counted {
        one: None,
        many: Template("显示更多文章（还有 ", " 篇）"),
    },
    open_in_app: "客户端中查看",
    read_on_phone: "手机中查看",
    share: "分享",
    share_ways: "查看与分享方式",
    read_and_share: "查看与分享",
    close: "关闭",
    read_in_app: Template("在「", "」客户端中阅读本文。"),
    open_app: Template("打开", ""),
    app_qr: "用手机扫描二维码，在客户端中打开",
    phone_qr: "用手机扫描二维码阅读本文",
    copy_link: "复制链接",
    more_ways: "更多方式…",
    wechat: "微信",
    wechat_qr: "打开微信“扫一扫”，分享给好友或朋友圈",
    weibo: "微博",
    qzone: "QQ空间",
    share_to: "分享到",
    copied: "已复制链接。",
    copy_refused: "浏览器未允许自动复制，请手动复制下面的链接：",
    article_link: "文章链接",
    qr_code: Template("二维码：", ""),
    qr_too_long: Counted {
        one: None,
        many: Template("链接太长（", " 个字符），无法生成二维码"),
    },
    no_link: "本文没有可分享的链接。",
};

static EN: Text = Text {
    loading_article: "Loading the article…",
    loading: "Loading…",
    loading_progress: "Loading progress",
    fetched: Template("", " downloaded"),
    fetched_of: Template3("", " of ", " downloaded (", "%)"),
    reading_articles: Template2("Reading articles: ", " of ", ""),
    cannot_show: "The articles cannot be shown",
    fetch_failed: "The article bundle could not be fetched.",
    bundle_broken: "The article bundle has errors and cannot be shown.",
    bundle_address: "Bundle address: ",
    invalid_url: "not a valid address",
    network_failed: "network error, or the server refused a cross-origin request",
    read_failed: "the file could not be read",
    file_too_big: "the file is too big",
    no_file_reader: "a page opened from a disk reads no files without its main.js",
    decompress_failed: "the file could not be decompressed",
    not_an_index_file: "not a search index this viewer can read",
    aside: (" (", ")"),
    colon: ": ",
    search: "Search",
    search_for: Template("Search: ", ""),
    no_channel: Template("There is no channel “", "”."),
    no_article: Template("There is no article “", "”."),
    page_not_found: "Page not found",
    back_home: "Back to the front page",
    no_channels: "No channels yet",
    same_channel: "More in this channel",
    previous: "Previous",
    next: "Next",
    channels: "Channels",
    empty_channel: "No articles in this channel yet.",
    text_size: "Text size",
    small: "Small",
    medium: "Medium",
    large: "Large",
    appearance: "Appearance",
    auto: "Auto",
    light: "Light",
    dark: "Dark",
    search_articles: "Search articles",
    breadcrumb: "You are here",
    published: "Published: ",
    source: "Source: ",
    author: "Author: ",
    editor: "Editor: ",
    skipped_articles: Counted {
        one: Some("1 article is not shown because of errors in its data"),
        many: Template(
            "",
            " articles are not shown because of errors in their data",
        ),
    },
    ignored_items: Counted {
        one: Some("1 item in the bundle was ignored"),
        many: Template("", " items in the bundle were ignored"),
    },
    search_prompt: "Type a word or two to search this site's articles.",
    searching: "Searching…",
    search_unavailable: Template(
        "Search could not be loaded; check the connection and reload the page. (",
        ")",
    ),
    index_unreadable: Template(
        "The search index cannot be read just now; please try again later. (",
        ")",
    ),
    no_results: Template(
        "No article contains “",
        "”. Check the spelling, or try fewer words.",
    ),
    found: CountedWith {
        one: Some(Template("1 article contains “", "”.")),
        many: Template2("", " articles contain “", "”."),
    },
    results: "Search results",
    more_results: Counted {
        one: None,
        many: Template("Show more results (", " more)"),
    },
    more_articles: Counted {
        one: None,
        many: Template("Show more articles (", " more)"),
    },
    open_in_app: "Open in app",
    read_on_phone: "Read on phone",
    share: "Share",
    share_ways: "Ways to read and share",
    read_and_share: "Read and share",
    close: "Close",
    read_in_app: Template("Read this article in the ", " app."),
    open_app: Template("Open ", ""),
    app_qr: "Scan with your phone to open it in the app",
    phone_qr: "Scan with your phone to read this article",
    copy_link: "Copy link",
    more_ways: "More…",
    wechat: "WeChat",
    wechat_qr: "Scan in WeChat to share with friends or Moments",
    weibo: "Weibo",
    qzone: "Qzone",
    share_to: "Share to",
    copied: "Link copied.",
    copy_refused: "The browser did not allow copying; copy the link below by hand:",
    article_link: "Article link",
    qr_code: Template("QR code: ", ""),
    qr_too_long: Counted {
        one: None,
        many: Template("The link is too long (", " characters) for a QR code"),
    },
    no_link: "This article has no link to share.",
};

/// Bytes as megabytes with one decimal, as download figures are usually given.
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// `part` of `whole`, in whole percent, never past 100.
fn percent(part: u64, whole: u64) -> u64 {
    (part.saturating_mul(100) / whole.max(1)).min(100)
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn tags_name_the_interface_language() {
        assert_eq!(Lang::parse("zh"), Some(Lang::Zh));
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("EN-gb"), Some(Lang::En));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
        assert_eq!(Lang::En.tag(), "en");
    }

    #[test]
    fn messages_say_their_figures_in_each_language() {
        assert_eq!(
            Lang::Zh.text().found.fill(3, "黄河"),
            "找到 3 篇包含“黄河”的文章。"
        );
        assert_eq!(
            Lang::En.text().found.fill(1, "黄河"),
            "1 article contains “黄河”."
        );
        assert_eq!(
            Lang::En.text().found.fill(3, "黄河"),
            "3 articles contain “黄河”."
        );
        assert_eq!(
            Lang::En.text().more_results.fill(12),
            "Show more results (12 more)"
        );
        assert_eq!(
            Lang::Zh
                .text()
                .download_progress(9_140_000, Some(20_300_000)),
            "已下载 9.1 MB / 20.3 MB（45%）"
        );
        assert_eq!(
            Lang::En.text().download_progress(9_140_000, None),
            "9.1 MB downloaded"
        );
        assert_eq!(
            Lang::Zh.text().reading_articles.fill("4000", "10000"),
            "正在整理文章 4000 / 10000"
        );
    }
}
