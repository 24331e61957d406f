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

/// Every string the interface shows, in one language.
#[allow(missing_docs)] // Each field is named for what it says; the two tables below are its documentation.
pub struct Text {
    pub loading_article: &'static str,
    pub loading: &'static str,
    pub loading_progress: &'static str,
    pub fetched: fn(received: u64, total: Option<u64>) -> String,
    pub reading_articles: fn(read: usize, total: usize) -> String,
    pub cannot_show: &'static str,
    pub fetch_failed: &'static str,
    pub bundle_broken: &'static str,
    pub bundle_address: &'static str,
    pub invalid_url: &'static str,
    pub network_failed: fn(&str) -> String,
    pub read_failed: fn(&str) -> String,
    pub file_too_big: &'static str,
    pub no_file_reader: &'static str,
    pub decompress_failed: fn(&str) -> String,
    pub not_an_index_file: &'static str,
    pub file_problem: fn(url: &str, problem: &str) -> String,
    pub search: &'static str,
    pub search_for: fn(&str) -> String,
    pub no_channel: fn(&str) -> String,
    pub no_article: fn(&str) -> String,
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
    pub skipped_articles: fn(usize) -> String,
    pub ignored_items: fn(usize) -> String,
    pub search_prompt: &'static str,
    pub searching: &'static str,
    pub index_unreadable: fn(&str) -> String,
    pub no_results: fn(&str) -> String,
    pub found: fn(usize, &str) -> String,
    pub results: &'static str,
    pub more_results: fn(usize) -> String,
    pub more_articles: fn(usize) -> String,
    pub open_in_app: &'static str,
    pub read_on_phone: &'static str,
    pub share: &'static str,
    pub share_ways: &'static str,
    pub read_and_share: &'static str,
    pub close: &'static str,
    pub read_in_app: fn(&str) -> String,
    pub open_app: fn(&str) -> String,
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
    pub qr_code: fn(&str) -> String,
    pub qr_too_long: fn(usize) -> String,
    pub no_link: &'static str,
}

static ZH: Text = Text {
    loading_article: "正在加载文章…",
    loading: "正在加载…",
    loading_progress: "加载进度",
    fetched: |received, total| match total {
        Some(total) => format!(
            "已下载 {} / {}（{}%）",
            megabytes(received),
            megabytes(total),
            percent(received, total)
        ),
        None => format!("已下载 {}", megabytes(received)),
    },
    reading_articles: |read, total| format!("正在整理文章 {read} / {total}"),
    cannot_show: "无法显示文章",
    fetch_failed: "无法获取文章包。",
    bundle_broken: "文章包的内容有误，无法显示。",
    bundle_address: "文章包地址：",
    invalid_url: "不是有效的网址",
    network_failed: |detail| format!("网络错误或跨域请求被拒绝（{detail}）"),
    read_failed: |detail| format!("读取失败（{detail}）"),
    file_too_big: "文件太大",
    no_file_reader: "本地打开的页面无法读取文件（缺少 main.js）",
    decompress_failed: |detail| format!("解压失败（{detail}）"),
    not_an_index_file: "不是本查看器能读的搜索索引文件",
    file_problem: |url, problem| format!("{url}：{problem}"),
    search: "搜索",
    search_for: |query| format!("搜索：{query}"),
    no_channel: |id| format!("找不到栏目“{id}”。"),
    no_article: |id| format!("找不到文章“{id}”。"),
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
    skipped_articles: |n| format!("{n} 篇文章因数据有误未显示"),
    ignored_items: |n| format!("文章包中有 {n} 处数据被忽略"),
    search_prompt: "输入关键词，搜索本站文章。",
    searching: "正在搜索…",
    index_unreadable: |why| format!("搜索索引暂时无法读取，请稍后再试。（{why}）"),
    no_results: |query| {
        format!("没有找到包含“{query}”的文章。请检查用词是否有误，或减少关键词再试。")
    },
    found: |n, query| format!("找到 {n} 篇包含“{query}”的文章。"),
    results: "搜索结果",
    more_results: |n| format!("显示更多结果（还有 {n} 篇）"),
    more_articles: |n| format!("显示更多文章（还有 {n} 篇）"),
    open_in_app: "客户端中查看",
    read_on_phone: "手机中查看",
    share: "分享",
    share_ways: "查看与分享方式",
    read_and_share: "查看与分享",
    close: "关闭",
    read_in_app: |app| format!("在「{app}」客户端中阅读本文。"),
    open_app: |app| format!("打开{app}"),
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
    qr_code: |text| format!("二维码：{text}"),
    qr_too_long: |chars| format!("链接太长（{chars} 个字符），无法生成二维码"),
    no_link: "本文没有可分享的链接。",
};

static EN: Text = Text {
    loading_article: "Loading the article…",
    loading: "Loading…",
    loading_progress: "Loading progress",
    fetched: |received, total| match total {
        Some(total) => format!(
            "{} of {} downloaded ({}%)",
            megabytes(received),
            megabytes(total),
            percent(received, total)
        ),
        None => format!("{} downloaded", megabytes(received)),
    },
    reading_articles: |read, total| format!("Reading articles: {read} of {total}"),
    cannot_show: "The articles cannot be shown",
    fetch_failed: "The article bundle could not be fetched.",
    bundle_broken: "The article bundle has errors and cannot be shown.",
    bundle_address: "Bundle address: ",
    invalid_url: "not a valid address",
    network_failed: |detail| {
        format!("network error, or the server refused a cross-origin request ({detail})")
    },
    read_failed: |detail| format!("the file could not be read ({detail})"),
    file_too_big: "the file is too big",
    no_file_reader: "a page opened from a disk reads no files without its main.js",
    decompress_failed: |detail| format!("the file could not be decompressed ({detail})"),
    not_an_index_file: "not a search index this viewer can read",
    file_problem: |url, problem| format!("{url}: {problem}"),
    search: "Search",
    search_for: |query| format!("Search: {query}"),
    no_channel: |id| format!("There is no channel “{id}”."),
    no_article: |id| format!("There is no article “{id}”."),
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
    skipped_articles: |n| match n {
        1 => "1 article is not shown because of errors in its data".to_owned(),
        n => format!("{n} articles are not shown because of errors in their data"),
    },
    ignored_items: |n| match n {
        1 => "1 item in the bundle was ignored".to_owned(),
        n => format!("{n} items in the bundle were ignored"),
    },
    search_prompt: "Type a word or two to search this site's articles.",
    searching: "Searching…",
    index_unreadable: |why| {
        format!("The search index cannot be read just now; please try again later. ({why})")
    },
    no_results: |query| {
        format!("No article contains “{query}”. Check the spelling, or try fewer words.")
    },
    found: |n, query| match n {
        1 => format!("1 article contains “{query}”."),
        n => format!("{n} articles contain “{query}”."),
    },
    results: "Search results",
    more_results: |n| format!("Show more results ({n} more)"),
    more_articles: |n| format!("Show more articles ({n} more)"),
    open_in_app: "Open in app",
    read_on_phone: "Read on phone",
    share: "Share",
    share_ways: "Ways to read and share",
    read_and_share: "Read and share",
    close: "Close",
    read_in_app: |app| format!("Read this article in the {app} app."),
    open_app: |app| format!("Open {app}"),
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
    qr_code: |text| format!("QR code: {text}"),
    qr_too_long: |chars| format!("The link is too long ({chars} characters) for a QR code"),
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
            (Lang::Zh.text().found)(3, "黄河"),
            "找到 3 篇包含“黄河”的文章。"
        );
        assert_eq!(
            (Lang::En.text().found)(1, "黄河"),
            "1 article contains “黄河”."
        );
        assert_eq!(
            (Lang::En.text().found)(3, "黄河"),
            "3 articles contain “黄河”."
        );
        assert_eq!(
            (Lang::En.text().more_results)(12),
            "Show more results (12 more)"
        );
        assert_eq!(
            (Lang::Zh.text().fetched)(9_140_000, Some(20_300_000)),
            "已下载 9.1 MB / 20.3 MB（45%）"
        );
        assert_eq!(
            (Lang::En.text().fetched)(9_140_000, None),
            "9.1 MB downloaded"
        );
        assert_eq!(
            (Lang::Zh.text().reading_articles)(4000, 10000),
            "正在整理文章 4000 / 10000"
        );
    }
}
