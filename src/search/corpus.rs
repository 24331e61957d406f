//! Deterministic generated Chinese news corpora, for search tests and benchmarks.
//!
//! Words are cut from real sentences, so bigram statistics look like news text rather than random characters.

/// Text the vocabulary is cut from: sentences in the style of the sample bundle.
const SOURCE: &str = "山西省推动黄河流域生态保护和高质量发展取得新成效，全省新签约项目总投资持续增长。\
晋陕两省签订战略合作框架协议，共同推进生态大保护、能源大转型、科技大创新、产业大升级。\
太原数字经济产业园三年蝶变，从挖煤到挖数，新能源汽车零部件、光伏组件、碳基新材料等项目集中落地。\
沿黄生态文旅廊道建设提速，首批项目集中签约，偏关县老牛湾黄河两岸山峦渐绿，生态修复成效初显。\
晋中农产品冷链物流园一期投入运营，乡村产业土特产文章做深做实，现代高效农业加快发展。\
内蒙古自治区与山西省加强交通互联互通，中欧班列集结中心学习考察，推进自贸区建设和高水平对外开放。\
五一假期沿黄景区游人如织，黄河文化游持续升温，文旅融合发展上深化合作，打造知名品牌。\
省投资促进部门负责人表示，围绕重点产业链开展精准招商，推行签约一批、开工一批、投产一批滚动推进机制。\
数字经济项目增多，涉及应用、数据中心和工业互联网的项目达到新水平，省外资金更加活跃。\
加强科创平台、学科建设、人才培养等方面深层次交流，共同推进科技创新和成果转化。";

/// More real text: the sample bundle's five original articles.
const SAMPLE: &str = include_str!("../../www/bundles/sample.json");

const LATIN: [&str; 8] = [
    "5G",
    "G20",
    "AI",
    "GDP",
    "2860亿元",
    "18.6%",
    "PM2.5",
    "APP",
];

/// A small deterministic random number generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    /// A generator with this seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

/// The vocabulary (see [`article`]): every 2- and 3-character run of the Han clauses of the source texts, and some Latin and numbers.
pub fn vocabulary() -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let text = format!("{SOURCE}{SAMPLE}");
    for clause in text.split(|c: char| !('\u{4E00}'..='\u{9FFF}').contains(&c)) {
        let chars: Vec<char> = clause.chars().collect();
        for width in [2, 3] {
            for window in chars.windows(width) {
                let word: String = window.iter().collect();
                if seen.insert(word.clone()) {
                    words.push(word);
                }
            }
        }
    }
    words.extend(LATIN.iter().map(|word| (*word).to_owned()));
    words
}

/// One article's title and Markdown body, about `body_chars` characters, in paragraphs.
pub fn article(rng: &mut Rng, words: &[String], body_chars: usize) -> (String, String) {
    // Skewed towards the first words, as real word frequencies are.
    let word = |rng: &mut Rng| {
        let skewed = rng.below(words.len()) * rng.below(words.len()) / words.len().max(1);
        words[skewed].clone()
    };
    let title: String = (0..4 + rng.below(4)).map(|_| word(rng)).collect();
    let mut body = String::new();
    let mut paragraph_chars = 0;
    let mut body_count = 0;
    while body_count < body_chars {
        let clause: String = (0..2 + rng.below(5)).map(|_| word(rng)).collect();
        let count = clause.chars().count() + 1;
        body.push_str(&clause);
        body.push(if rng.below(3) == 0 { '。' } else { '，' });
        body_count += count;
        paragraph_chars += count;
        if paragraph_chars > 120 + rng.below(120) {
            body.push_str("\n\n");
            paragraph_chars = 0;
        }
    }
    (title, body)
}

/// A bundle of `count` generated articles in five channels, as JSON.
pub fn bundle_json(count: usize, body_chars: usize, seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let words = vocabulary();
    let channels = ["focus", "economy", "industry", "culture", "ecology"];
    let mut json = String::from(
        r#"{"format":"article-bundle","version":1,"site":{"name":"投资山西","url":"https://invest.example.cn/"},"channels":["#,
    );
    let names = ["焦点图", "经济动态", "产业发展", "文旅融合", "生态保护"];
    for (index, (id, name)) in channels.iter().zip(names).enumerate() {
        if index > 0 {
            json.push(',');
        }
        json.push_str(&format!(r#"{{"id":"{id}","name":"{name}"}}"#));
    }
    json.push_str(r#"],"articles":["#);
    for index in 0..count {
        let (title, body) = article(&mut rng, &words, body_chars);
        if index > 0 {
            json.push(',');
        }
        let day = 1 + index % 28;
        let month = 1 + (index / 28) % 12;
        let hour = index % 24;
        json.push_str(&format!(
            r#"{{"id":"a{index}","channel":"{}","title":{},"published":"2024-{month:02}-{day:02}T{hour:02}:00:00+08:00","source":"投资山西","body":{}}}"#,
            channels[index % channels.len()],
            json_string(&title),
            json_string(&body)
        ));
    }
    json.push_str("]}");
    json
}

fn json_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}
