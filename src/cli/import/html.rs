//! Pages saved as HTML: which of the page's pieces are the title, the meta line, the breadcrumb, the lead photo and
//! the body, and what was left out. The HTML itself is read by `page`.

use std::collections::HashSet;

use super::fields::{
    check_image_src, check_title, clip, collapse_whitespace, find_date, finish_body,
    is_breadcrumb_text, is_meta_text, is_page_control, label_at, looks_like_caption,
    parse_published, person_or_source, read_breadcrumb, read_meta, CRUMB_SEPARATORS, SEGMENT,
};
use super::page::{Content, ElementInfo, Image, Page, Piece};
use super::{Block, ImportError, ImportOptions, Imported, Lead};

/// Reads a legacy article page saved as HTML.
///
/// # Errors
/// [`ImportError::NoTitle`] when the page has no title, [`ImportError::TooLarge`] for 4 GiB or more.
pub fn import_html(html: &str, options: &ImportOptions) -> Result<Imported, ImportError> {
    let mut page = Page::parse(html)?;
    let mut imported = Imported {
        channel: options.channel.clone(),
        url: page.canonical.clone(),
        ..Imported::default()
    };

    let (title_at, title) = page
        .find_title(&mut imported.notes)
        .ok_or(ImportError::NoTitle)?;
    imported.title = title;
    check_title(&mut imported);

    let meta_range = page.find_meta(title_at);
    match &meta_range {
        Some(range) => {
            let segments: Vec<&str> = range
                .clone()
                .filter_map(|at| page.pieces.get(at).and_then(Piece::raw_text))
                .collect();
            read_meta(&segments, options, &mut imported);
        }
        None => imported.notes.push(
            "no element with 发布时间 after the title: published, source, author and editor are missing".to_owned(),
        ),
    }
    if imported.source.is_none() {
        // A source printed without its label, in an element that says what it is, or the one the metadata declares.
        let marked = page.marked_sources.iter().find_map(|(at, text)| {
            meta_range
                .as_ref()
                .is_some_and(|range| range.contains(at))
                .then(|| unlabelled_source(text))
                .flatten()
        });
        let declared = page.declared_source.as_deref().and_then(unlabelled_source);
        if let Some(source) = marked.or(declared) {
            imported.source = Some(source);
            imported
                .notes
                .retain(|note| note != "meta line has no 来源");
        }
    }
    // A date without its time of day in the meta line, and the same day with its time in the metadata: the latter.
    let declared_published = page
        .published
        .as_deref()
        .and_then(|declared| parse_published(declared, &options.offset, &mut Vec::new()));
    if let (Some(shown), Some(declared)) = (&imported.published, &declared_published) {
        if shown.get(..10) == declared.get(..10)
            && shown.get(10..19) == Some("T00:00:00")
            && declared.get(10..19) != Some("T00:00:00")
        {
            imported.published = Some(declared.clone());
            imported
                .notes
                .retain(|note| note != "发布时间 has no time of day: 00:00:00 assumed");
        }
    }
    // Without a date in the meta line, the one the page's metadata declares.
    if imported.published.is_none() {
        if let Some(declared) = page.published.clone() {
            let mut notes = Vec::new();
            imported.published = parse_published(&declared, &options.offset, &mut notes);
            if imported.published.is_some() {
                imported
                    .notes
                    .retain(|note| note != "meta line has no 发布时间");
                for note in &mut imported.notes {
                    if note.starts_with("no element with 发布时间") {
                        "no meta line after the title: source, author and editor are missing"
                            .clone_into(note);
                    }
                }
            } else {
                imported.notes.extend(notes);
            }
        }
    }
    // The meta line may stand above the title on some pages; the article text starts after both.
    let content_start = meta_range
        .as_ref()
        .map_or(title_at + 1, |range| range.end.max(title_at + 1));

    match page.find_breadcrumb(title_at) {
        Some(texts) => {
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            read_breadcrumb(&texts, &mut imported);
        }
        None => imported.notes.push(
            "no breadcrumb (an element with class crumb, position or location, or text with >): channel_name is missing"
                .to_owned(),
        ),
    }

    let container = page.find_container(content_start);
    let first_text = (content_start..page.pieces.len()).find(|&at| {
        page.pieces.get(at).is_some_and(|piece| {
            piece.raw_text().is_some()
                && container.is_some_and(|container| piece.is_within(container))
                && !piece.is_widget()
        })
    });
    let lead_end = first_text.unwrap_or(page.pieces.len());
    let lead_image_at = (content_start..lead_end).find(|&at| {
        page.pieces.get(at).is_some_and(|piece| {
            piece
                .image()
                .is_some_and(|image| !image.is_decoration(&page, piece))
        })
    });

    let mut used = HashSet::new();
    let mut lead = Lead::default();
    let mut caption_search_from = content_start;
    if let Some(image_at) = lead_image_at {
        used.insert(image_at);
        caption_search_from = image_at + 1;
        if let Some(image) = page.pieces.get(image_at).and_then(Piece::image) {
            lead.src = image_url(&page, &image.src, options, &mut imported.notes);
            if lead.src.is_none() {
                imported.notes.push(format!(
                    "lead photo “{}” dropped: its URL is relative and the page says nowhere where it was \
                     published (give --base-url)",
                    clip(&image.src)
                ));
            }
            lead.alt = Some(image.alt.clone()).filter(|alt| !alt.is_empty());
            if lead.alt.is_none() {
                imported
                    .notes
                    .push("lead photo has no alt text: add `alt` under [lead]".to_owned());
            }
        }
    }
    let caption_at = (caption_search_from..page.pieces.len())
        .find(|&at| {
            page.pieces
                .get(at)
                .is_some_and(|piece| piece.raw_text().is_some() && !piece.is_widget())
        })
        .filter(|&at| {
            page.pieces.get(at).is_some_and(|piece| {
                let text = piece.text();
                looks_like_caption(&text)
                    || (lead_image_at.is_some()
                        && (piece.block == "figcaption"
                            || page.has_mark(piece, &["caption", "pic_text", "imgtxt"])))
            })
        });
    if let Some(caption_at) = caption_at {
        used.insert(caption_at);
        lead.caption = page.pieces.get(caption_at).map(Piece::text);
    }
    match (&lead.src, &lead.caption) {
        (Some(src), Some(_)) => check_image_src(src, "lead photo", &mut imported.notes),
        (Some(src), None) => {
            check_image_src(src, "lead photo", &mut imported.notes);
            imported
                .notes
                .push("lead photo has no caption (a figcaption, or a line ending in 摄, after the image)".to_owned());
        }
        (None, Some(_)) => imported.notes.push(
            "photo caption without its photo: kept as the first paragraph; to show it as the lead photo's, move \
             it under [lead] with the photo's src and alt"
                .to_owned(),
        ),
        (None, None) => imported
            .notes
            .push("no lead photo (an image before the body text) and no caption".to_owned()),
    }
    if lead != Lead::default() {
        imported.lead = Some(lead);
    }

    let Some(container) = container else {
        imported
            .notes
            .push("no body: found no paragraphs after the title".to_owned());
        report_skipped(&page, title_at, &used, &mut imported.notes);
        return Ok(imported);
    };
    let mut started = false;
    for at in content_start..page.pieces.len() {
        let Some(piece) = page.pieces.get(at) else {
            break;
        };
        if used.contains(&at) || page.consumed.contains(&at) || !piece.is_within(container) {
            continue;
        }
        if piece.is_widget() || page.is_marked_inside(piece, container, &CHROME_MARKS) {
            if started {
                break;
            }
            used.insert(at);
            continue;
        }
        // A video player's placeholder (视频加载中...) or an ad may sit between paragraphs: skipped, the body goes on.
        if page.is_marked_inside(piece, container, &PLAYER_MARKS) || page.is_ad(piece, container) {
            used.insert(at);
            continue;
        }
        let block = match &piece.content {
            Content::Image(image) if image.is_decoration(&page, piece) => None,
            Content::Image(image) => {
                match image_url(&page, &image.src, options, &mut imported.notes) {
                    Some(src) => Some(Block::Image {
                        src,
                        alt: image.alt.clone(),
                    }),
                    None => {
                        imported.notes.push(format!(
                        "body image “{}” dropped: its URL is relative and the page says nowhere where it was \
                         published (give --base-url)",
                        clip(&image.src)
                    ));
                        None
                    }
                }
            }
            Content::Text(_) if is_page_control(&piece.text()) => {
                imported
                    .notes
                    .push(format!("dropped page control text “{}”", piece.text()));
                None
            }
            // A block that is all link (返回首页, 阅读原文, a related title) leads elsewhere: it is no article text.
            Content::Text(_) if piece.link_density() >= 0.9 => None,
            Content::Text(_) if HEADINGS.contains(&piece.block.as_str()) => {
                Some(Block::Heading(piece.text()))
            }
            Content::Text(_) => Some(Block::Paragraph(piece.text())),
        };
        used.insert(at);
        if let Some(block) = block {
            if let Block::Image { src, .. } = &block {
                check_image_src(src, "body image", &mut imported.notes);
            }
            imported.body.push(block);
            started = true;
        }
    }
    finish_body(&mut imported);
    report_skipped(&page, title_at, &used, &mut imported.notes);
    Ok(imported)
}

/// An image's URL as the article gives it: absolute (see [`Page::resolve`]), and `https:` for `http:`, as browsers
/// upgrade images on https pages and the viewer's page allows no other (with a note, as the host may lack https).
fn image_url(
    page: &Page,
    src: &str,
    options: &ImportOptions,
    notes: &mut Vec<String>,
) -> Option<String> {
    let url = page.resolve(src, options.base_url.as_deref())?;
    match url.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("http://") => {
            let upgraded = format!("https://{}", &url[7..]);
            notes.push(format!(
                "image “{}” is http: written as {}, as browsers load it on an https page (check it is served there)",
                clip(&url),
                clip(&upgraded)
            ));
            Some(upgraded)
        }
        _ => Some(url),
    }
}

/// Notes how many text blocks were left out before the title and after the article.
fn report_skipped(page: &Page, title_at: usize, used: &HashSet<usize>, notes: &mut Vec<String>) {
    let mut before = 0;
    let mut after = Vec::new();
    for (at, piece) in page.pieces.iter().enumerate() {
        if used.contains(&at)
            || piece.is_widget()
            || piece.raw_text().is_none()
            || page.consumed.contains(&at)
        {
            continue;
        }
        if at < title_at {
            before += 1;
        } else if at > title_at {
            after.push(piece.text());
        }
    }
    if before > 0 {
        notes.push(format!(
            "skipped {before} text blocks before the title (site header, navigation)"
        ));
    }
    if !after.is_empty() {
        let examples: Vec<String> = after
            .iter()
            .take(3)
            .map(|text| format!("“{}”", clip(text)))
            .collect();
        notes.push(format!(
            "skipped {} text blocks outside the article text, such as {}",
            after.len(),
            examples.join(", ")
        ));
    }
}

impl Image {
    /// Whether the image is a logo, icon, QR code or button rather than a photo.
    fn is_decoration(&self, page: &Page, piece: &Piece) -> bool {
        let src = self.src.to_ascii_lowercase();
        self.small
            || self.src.is_empty()
            || [
                "logo",
                "icon",
                "qrcode",
                "erweima",
                "ewm",
                "share",
                "weixin",
                "wechat",
                "btn",
                "spacer.gif",
            ]
            .iter()
            .any(|word| src.contains(word))
            || page.has_mark(piece, &["logo", "icon", "qrcode", "erweima", "share"])
    }
}

impl Page {
    /// Whether an element around `piece` has a class or id containing one of `words`.
    fn has_mark(&self, piece: &Piece, words: &[&str]) -> bool {
        piece.ancestors.iter().any(|&element| {
            self.elements
                .get(element)
                .is_some_and(|element| words.iter().any(|word| element.marks.contains(word)))
        })
    }

    /// The elements around `piece` inside `container`, outermost first.
    fn elements_inside<'p>(
        &'p self,
        piece: &'p Piece,
        container: usize,
    ) -> impl Iterator<Item = &'p ElementInfo> + 'p {
        piece
            .ancestors
            .iter()
            .skip_while(move |&&element| element != container)
            .skip(1)
            .filter_map(|&element| self.elements.get(element))
    }

    /// Whether `piece` sits inside `container` in an ad: an element whose class or id has the word `ad`, `ads`,
    /// `advert…` or `guanggao` (`left_hzh_ad`, `ad-box`), not merely the letters (`head`, `download`).
    fn is_ad(&self, piece: &Piece, container: usize) -> bool {
        self.elements_inside(piece, container).any(|element| {
            element
                .marks
                .split([' ', '_', '-'])
                .any(|word| matches!(word, "ad" | "ads" | "guanggao") || word.starts_with("advert"))
        })
    }

    /// Whether `piece` sits inside `container` in an element whose class or id contains one of `marks`.
    fn is_marked_inside(&self, piece: &Piece, container: usize, marks: &[&str]) -> bool {
        self.elements_inside(piece, container)
            .any(|element| marks.iter().any(|word| element.marks.contains(word)))
    }

    /// The title's piece and text: the headline that agrees with the title the page declares (`ArticleTitle`,
    /// `og:title` or `<title>`, which carry the site's name after it), so that a sidebar's link or the logo is
    /// never taken for it; or, when no element agrees, the declared title itself without the site's name.
    fn find_title(&mut self, notes: &mut Vec<String>) -> Option<(usize, String)> {
        let mut declared = self.declared_titles.clone();
        let head_title = self.pieces.iter().position(|piece| piece.block == "title");
        declared.extend(
            head_title
                .and_then(|at| self.pieces.get(at))
                .map(Piece::text),
        );
        let mut found_notes = Vec::new();
        let found = self.find_headline(&mut found_notes);
        let agrees_with_declared = |text: &str| declared.iter().any(|title| agrees(text, title));
        if declared.is_empty()
            || found
                .as_ref()
                .is_some_and(|(_, text)| agrees_with_declared(text))
        {
            notes.extend(found_notes);
            return found;
        }
        // Another element that agrees, in page order.
        let agreeing = (0..self.pieces.len()).find(|&at| {
            self.pieces.get(at).is_some_and(|piece| {
                piece.block != "title"
                    && piece.raw_text().is_some()
                    && piece.text().chars().count() <= 120
                    && agrees_with_declared(&piece.text())
            })
        });
        if let Some(at) = agreeing {
            if let Some(at) = found.as_ref().map(|(at, _)| *at) {
                self.consumed.remove(&at);
            }
            self.consumed.insert(at);
            if let Some((_, other)) = &found {
                notes.push(format!(
                    "“{}” is not the title the page declares: took “{}”, which is",
                    clip(other),
                    clip(&self.pieces[at].text())
                ));
            }
            return self.pieces.get(at).map(|piece| (at, piece.text()));
        }
        // None agrees: the declared title, without the site's name, at `<title>` (or the headline's place).
        let title = without_site_name(&declared[0]);
        let at = found
            .as_ref()
            .map(|(at, _)| *at)
            .or(head_title)
            .unwrap_or(0);
        notes.push(format!(
            "no element of the page shows the title it declares: title “{}” taken from its metadata",
            clip(&title)
        ));
        (!title.is_empty()).then_some((at, title))
    }

    /// The headline as the page's elements give it: the `h1` nearest before 发布时间, an element with class
    /// `title`, or `<title>`.
    fn find_headline(&mut self, notes: &mut Vec<String>) -> Option<(usize, String)> {
        let meta_at = self
            .pieces
            .iter()
            .position(|piece| piece.block != "title" && piece.text().contains("发布时间"));
        let before_meta = |at: &usize| meta_at.is_none_or(|meta_at| *at < meta_at);
        let is_logo = |page: &Page, piece: &Piece| {
            piece
                .ancestors
                .last()
                .and_then(|element| page.elements.get(*element))
                .is_some_and(|element| element.marks.contains("logo"))
        };
        let h1s: Vec<usize> = (0..self.pieces.len())
            .filter(|&at| {
                self.pieces.get(at).is_some_and(|piece| {
                    piece.block == "h1" && !piece.text().is_empty() && !is_logo(self, piece)
                })
            })
            .collect();
        let chosen = h1s
            .iter()
            .copied()
            .rfind(before_meta)
            .or_else(|| h1s.first().copied())
            .or_else(|| {
                // A heading right before 发布时间, or an element whose class names it a title.
                let heading_before_meta = meta_at
                    .and_then(|meta_at| meta_at.checked_sub(1))
                    .filter(|&at| {
                        self.pieces
                            .get(at)
                            .is_some_and(|piece| HEADINGS.contains(&piece.block.as_str()))
                    });
                heading_before_meta.or_else(|| {
                    let titled: Vec<usize> = (0..self.pieces.len())
                        .filter(|&at| {
                            self.pieces.get(at).is_some_and(|piece| {
                                piece.block != "title"
                                    && piece
                                        .ancestors
                                        .last()
                                        .and_then(|element| self.elements.get(*element))
                                        .is_some_and(|element| element.marks.contains("title"))
                            })
                        })
                        .collect();
                    titled
                        .iter()
                        .copied()
                        .rfind(before_meta)
                        .or_else(|| titled.first().copied())
                })
            });
        if let Some(at) = chosen {
            self.consumed.insert(at);
            return self.pieces.get(at).map(|piece| (at, piece.text()));
        }

        let at = self
            .pieces
            .iter()
            .position(|piece| piece.block == "title")?;
        self.consumed.insert(at);
        let full = self.pieces.get(at)?.text();
        let cut = ["_", " - ", " | ", "｜", " — ", "——", "--"]
            .iter()
            .filter_map(|separator| full.find(separator))
            .min();
        let title = match cut {
            Some(cut) => {
                let (title, suffix) = full.split_at(cut);
                notes.push(format!(
                    "title taken from <title>, without the suffix “{}”",
                    suffix.trim()
                ));
                title.trim().to_owned()
            }
            None => {
                notes.push("title taken from <title>: the page has no h1".to_owned());
                full
            }
        };
        (!title.is_empty()).then_some((at, title))
    }

    /// The pieces of the meta line: the first with 发布时间 (or two labelled fields) within a few blocks of the title,
    /// and the labelled blocks right after it.
    fn find_meta(&mut self, title_at: usize) -> Option<std::ops::Range<usize>> {
        let is_meta = |piece: &Piece| piece.raw_text().is_some() && is_meta_text(&piece.text());
        let near = (title_at + 1..self.pieces.len().min(title_at + 9))
            .find(|&at| self.pieces.get(at).is_some_and(is_meta));
        let start = near.or_else(|| {
            (0..self.pieces.len()).find(|&at| {
                at != title_at
                    && self.pieces.get(at).is_some_and(|piece| {
                        piece.block != "title" && piece.text().contains("发布时间")
                    })
            })
        })?;
        let mut end = start + 1;
        while self.pieces.get(end).is_some_and(|piece| {
            let text = piece.text();
            piece.raw_text().is_some() && text.chars().count() < 60 && label_at(&text, 0).is_some()
        }) {
            end += 1;
        }
        self.consumed.extend(start..end);
        Some(start..end)
    }

    /// The breadcrumb's texts, before the title.
    fn find_breadcrumb(&mut self, title_at: usize) -> Option<Vec<String>> {
        let marks = [
            "crumb",
            "position",
            "location",
            "weizhi",
            "dqwz",
            "curpos",
            "current-path",
            "path",
        ];
        let holder = (0..title_at).find_map(|at| {
            let piece = self.pieces.get(at)?;
            piece.raw_text()?;
            piece.ancestors.iter().rev().copied().find(|&element| {
                self.elements
                    .get(element)
                    .is_some_and(|element| marks.iter().any(|word| element.marks.contains(word)))
            })
        });
        let chosen: Vec<usize> = match holder {
            Some(holder) => (0..title_at)
                .filter(|&at| {
                    self.pieces
                        .get(at)
                        .is_some_and(|piece| piece.raw_text().is_some() && piece.is_within(holder))
                })
                .collect(),
            None => (0..title_at)
                .rev()
                .find(|&at| {
                    self.pieces
                        .get(at)
                        .is_some_and(|piece| is_breadcrumb_text(&piece.text()))
                })
                .into_iter()
                .collect(),
        };
        if chosen.is_empty() {
            return None;
        }
        self.consumed.extend(chosen.iter().copied());
        let texts: Vec<&str> = chosen
            .iter()
            .filter_map(|&at| self.pieces.get(at).and_then(Piece::raw_text))
            .collect();
        // Steps written as separate links without separators: one text per link.
        let joined = texts.concat();
        let texts = if joined.contains(CRUMB_SEPARATORS) {
            vec![joined]
        } else {
            texts
                .iter()
                .flat_map(|text| text.split(SEGMENT))
                .map(str::to_owned)
                .collect()
        };
        Some(
            texts
                .iter()
                .map(|text| collapse_whitespace(&text.replace(SEGMENT, "")))
                .filter(|text| !text.is_empty())
                .collect(),
        )
    }

    /// The element holding most of the text after `start`: the parent of its paragraphs, or a block of text itself.
    fn find_container(&self, start: usize) -> Option<usize> {
        let mut scores: Vec<(usize, usize)> = Vec::new();
        for piece in self.pieces.iter().skip(start) {
            if piece.raw_text().is_none() || piece.is_widget() {
                continue;
            }
            let container = piece.ancestors.iter().rev().copied().find(|&element| {
                self.elements
                    .get(element)
                    .is_some_and(|element| CONTAINER_TAGS.contains(&element.tag.as_str()))
            });
            let Some(container) = container else { continue };
            // Text with the punctuation of sentences weighs in full; lists of names or titles (navigation,
            // "related articles") hardly; and the text of links not at all: article text is dense in
            // punctuation and sparse in links, as the best Chinese news extractors weigh it.
            let text = piece.text();
            let length = text.chars().count();
            let sentences = text.contains(['，', '。', '；', '！', '？', '、', ',', ';']);
            let length = if sentences { length } else { length / 8 };
            let length = (length as f64 * (1.0 - piece.link_density())).round() as usize;
            // A list item's text is a teaser under a headline link (大家都在看, 相关推荐) far more often than a body.
            let in_list = piece.ancestors.iter().any(|&element| {
                self.elements
                    .get(element)
                    .is_some_and(|element| matches!(element.tag.as_str(), "li" | "dd" | "dt"))
            });
            let length = if in_list { length / 4 } else { length };
            match scores.iter_mut().find(|(element, _)| *element == container) {
                Some((_, score)) => *score += length,
                None => scores.push((container, length)),
            }
        }
        scores
            .iter()
            .max_by_key(|(element, score)| (*score, std::cmp::Reverse(*element)))
            .map(|(element, _)| *element)
    }
}

/// Elements that hold the blocks of an article body.
const CONTAINER_TAGS: [&str; 8] = [
    "div", "section", "article", "main", "td", "body", "center", "form",
];

/// Headings below the title, shown as `##` in the body.
const HEADINGS: [&str; 6] = ["h1", "h2", "h3", "h4", "h5", "h6"];

/// Class and id words of the page parts around an article: never body text.
const CHROME_MARKS: [&str; 9] = [
    "share",
    "footer",
    "related",
    "relate",
    "copyright",
    "pager",
    "comment",
    "recommend",
    "bottom",
];

/// A source as an element or the metadata gives it, without a 来源 label: `None` when it is no name.
fn unlabelled_source(text: &str) -> Option<String> {
    let text = collapse_whitespace(text);
    // The date beside it, in an element that holds both (`<div class="date-source">`).
    if find_date(&text).is_some() {
        return None;
    }
    let text = ["来源", "稿源"]
        .iter()
        .find_map(|label| text.strip_prefix(label))
        .map_or(text.as_str(), |rest| {
            rest.trim_start_matches([':', '：', ' '])
        });
    person_or_source(text).map(str::to_owned)
}

/// Class and id words of a video player inside an article: its texts are the player's, not the article's.
const PLAYER_MARKS: [&str; 3] = ["video", "player", "flash"];

/// Whether an element's `text` is the title the page declares as `declared`: the same words, white space aside,
/// or the start of it with the site's name after a separator (`标题_新华网`, `标题 河南日报网-…`).
fn agrees(text: &str, declared: &str) -> bool {
    let compact = |text: &str| -> String { text.chars().filter(|c| !c.is_whitespace()).collect() };
    let (text, declared) = (compact(text), compact(declared));
    if text.chars().count() < 4 {
        return false;
    }
    declared == text
        || declared.strip_prefix(text.as_str()).is_some_and(|rest| {
            rest.starts_with(['_', '-', '|', '｜', '—', '–', '：', ':', '(', '（'])
                || rest.chars().count() <= 16
        })
}

/// A declared title without the site's name after it: cut at the first separator after its fourth character.
fn without_site_name(title: &str) -> String {
    let cut = title
        .char_indices()
        .skip(4)
        .find(|(_, c)| matches!(c, '_' | '|' | '｜' | '—' | '–' | '-'))
        .map_or(title.len(), |(at, _)| at);
    title[..cut].trim().to_owned()
}
