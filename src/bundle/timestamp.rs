//! RFC 3339 timestamps with an offset, as bundles give `published`.

use std::fmt;

/// A moment with the UTC offset it was written in, such as `2023-07-22T12:00:00+08:00`.
///
/// It is shown in its own offset (`2023-07-22 12:00:00`): a provincial portal dates its news in local time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    /// The offset from UTC in minutes, in -1439..=1439.
    offset_minutes: i16,
    /// The text as given, trimmed; it goes into `<time datetime>` unchanged.
    text: String,
}

impl Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, checking that the date exists (no 2023-02-30, no 24:00).
    /// Returns `None` for anything else, including a missing offset.
    pub fn parse(text: &str) -> Option<Timestamp> {
        let text = text.trim();
        let bytes = text.as_bytes();
        if bytes.len() < 20 {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u16> {
            let digits = bytes.get(range)?;
            digits.iter().try_fold(0u16, |acc, &byte| {
                byte.is_ascii_digit()
                    .then(|| acc * 10 + u16::from(byte - b'0'))
            })
        };
        let at =
            |index: usize, allowed: &[u8]| bytes.get(index).is_some_and(|b| allowed.contains(b));
        if !(at(4, b"-") && at(7, b"-") && at(10, b"Tt ") && at(13, b":") && at(16, b":")) {
            return None;
        }
        let year = number(0..4)?;
        let month = u8::try_from(number(5..7)?).ok()?;
        let day = u8::try_from(number(8..10)?).ok()?;
        let hour = u8::try_from(number(11..13)?).ok()?;
        let minute = u8::try_from(number(14..16)?).ok()?;
        let second = u8::try_from(number(17..19)?).ok()?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        let mut rest = &text[19..];
        if let Some(fraction) = rest.strip_prefix('.') {
            let n_digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
            if n_digits == 0 {
                return None;
            }
            rest = &fraction[n_digits..];
        }
        let offset_minutes = match rest.as_bytes() {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let digits = [*h1, *h2, *m1, *m2];
                if !digits.iter().all(u8::is_ascii_digit) {
                    return None;
                }
                let hours = i16::from((h1 - b'0') * 10 + (h2 - b'0'));
                let minutes = i16::from((m1 - b'0') * 10 + (m2 - b'0'));
                if hours > 23 || minutes > 59 {
                    return None;
                }
                let total = hours * 60 + minutes;
                if *sign == b'-' {
                    -total
                } else {
                    total
                }
            }
            _ => return None,
        };
        Some(Timestamp {
            year,
            month,
            day,
            hour,
            minute,
            second,
            offset_minutes,
            text: text.to_owned(),
        })
    }

    /// The timestamp as given, for `<time datetime>`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Seconds since 1970-01-01T00:00:00Z, for ordering articles by when they were published.
    pub fn unix_seconds(&self) -> i64 {
        let days = days_from_civil(i64::from(self.year), self.month, self.day);
        let seconds_of_day =
            i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second);
        days * 86_400 + seconds_of_day - i64::from(self.offset_minutes) * 60
    }

    /// The calendar date in the timestamp's own offset, as `2023-07-22`.
    pub fn date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Shown as `2023-07-22 12:00:00`, in the timestamp's own offset.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}
