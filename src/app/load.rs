//! Getting a bundle into the viewer without freezing the tab, however big it is: downloaded with its progress
//! shown, parsed by the browser's own JSON parser, then validated an article at a time in slices of a few
//! milliseconds. When that takes more than one slice, the article the reader asked for is shown first.

use std::rc::Weak;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::{js_message, window, Shared};
use crate::bundle::{self, Bundle, Diagnostic, Error, ErrorKind, Reader, Value};
use crate::fetch::FetchError;
use crate::state::{LoadFailure, LoadProgress, Msg};

/// How long one slice of work may keep the thread before the browser gets it back to paint and take input.
pub(super) const SLICE_MS: f64 = 8.0;

/// Fetches the bundle at `url` (relative to the page) and shows it in the viewer, if it is still there, or shows
/// why it could not be. `started` is a `fetch()` of that URL the page has already made, used instead of another.
pub(super) async fn load_into(viewer: Weak<Shared>, url: String, started: Option<js_sys::Promise>) {
    let dispatch = |msg: Msg| {
        if let Some(shared) = viewer.upgrade() {
            shared.dispatch(msg);
        }
    };
    let base = window().location().href().unwrap_or_default();
    let Ok(parsed) = web_sys::Url::new_with_base(&url, &base) else {
        dispatch(Msg::Load(Err(LoadFailure::Fetch {
            url,
            reason: FetchError::InvalidUrl,
        })));
        return;
    };
    let url = parsed.href();
    dispatch(Msg::Fetch(url.clone()));
    let fetch_failure = |reason: FetchError| LoadFailure::Fetch {
        url: url.clone(),
        reason,
    };
    let bundle_failure = |error: Error| LoadFailure::Bundle {
        url: url.clone(),
        error,
    };
    let loaded = match download(&url, started, |progress| dispatch(Msg::Progress(progress))).await {
        Ok(bytes) => match parse_json(&bytes) {
            Ok(json) => read_in_slices(&viewer, &json).await.map_err(bundle_failure),
            Err(error) => Err(bundle_failure(error)),
        },
        Err(reason) => Err(fetch_failure(reason)),
    };
    dispatch(Msg::Load(loaded));
}

/// Reads a parsed JSON document as a bundle at once, through the same validation as everywhere else.
pub(super) fn read_bundle(json: &JsValue) -> Result<(Bundle, Vec<Diagnostic>), Error> {
    let (mut reader, entries) = start_reading(json)?;
    for index in 0..entries.length() {
        reader.read(index as usize, &to_value(&entries.get(index))?);
    }
    Ok(reader.finish())
}

/// Reads a parsed JSON document as a bundle in slices, yielding to the browser between them. When it takes more
/// than a slice, the article the viewer's route names is shown first, and the articles read are counted.
async fn read_in_slices(
    viewer: &Weak<Shared>,
    json: &JsValue,
) -> Result<(Bundle, Vec<Diagnostic>), Error> {
    let (mut reader, entries) = start_reading(json)?;
    let total = entries.length();
    let mut next = 0;
    loop {
        let started = now();
        while next < total && now() - started < SLICE_MS {
            reader.read(next as usize, &to_value(&entries.get(next))?);
            next += 1;
        }
        if next == total {
            return Ok(reader.finish());
        }
        let Some(shared) = viewer.upgrade() else {
            return Ok(reader.finish());
        };
        let wanted = shared.state.borrow().wanted_first().map(str::to_owned);
        if let Some(preview) = wanted.and_then(|id| preview(&reader, &entries, &id)) {
            shared.dispatch(Msg::Preview(preview));
        }
        shared.dispatch(Msg::Progress(LoadProgress::Reading {
            read: next as usize,
            total: total as usize,
        }));
        drop(shared);
        next_task().await;
    }
}

/// The bundle of the article `id` alone: the first valid entry with that id, as a full reading keeps.
fn preview(reader: &Reader, entries: &js_sys::Array, id: &str) -> Option<Bundle> {
    entries
        .iter()
        .filter(|entry| {
            js_sys::Reflect::get(entry, &"id".into())
                .ok()
                .and_then(|found| found.as_string())
                .is_some_and(|found| found == id)
        })
        .find_map(|entry| reader.preview(&to_value(&entry).ok()?))
}

/// A reader of everything but the articles, and the articles to read (none when `articles` is not an array, a
/// problem the reader has already reported).
fn start_reading(json: &JsValue) -> Result<(Reader, js_sys::Array), Error> {
    let articles = js_sys::Reflect::get(json, &"articles".into()).unwrap_or(JsValue::UNDEFINED);
    let Some(entries) = articles.dyn_ref::<js_sys::Array>().cloned() else {
        return Ok((Reader::new(&to_value(json)?)?, js_sys::Array::new()));
    };
    // A shallow copy with the articles emptied: everything else is validated before the first article.
    let head = js_sys::Object::assign(&js_sys::Object::new(), json.unchecked_ref());
    js_sys::Reflect::set(&head, &"articles".into(), &js_sys::Array::new())
        .map_err(|error| Error::new("", ErrorKind::Syntax(js_message(&error))))?;
    Ok((Reader::new(&to_value(&head)?)?, entries))
}

/// A JSON value from the browser's parser as a [`Value`].
fn to_value(json: &JsValue) -> Result<Value, Error> {
    serde_wasm_bindgen::from_value(json.clone()).map_err(|error| {
        let message = error.to_string();
        if message.contains(bundle::TOO_DEEP_MESSAGE) {
            Error::new("", ErrorKind::TooDeep)
        } else {
            Error::new("", ErrorKind::Syntax(message))
        }
    })
}

/// The bundle's bytes, with news of how many have arrived. A compressed response's `Content-Length` counts
/// compressed bytes while the body arrives decompressed, so then (or when a cross-origin server hides the
/// encoding and the count runs past it) the total is unknown.
async fn download(
    url: &str,
    started: Option<js_sys::Promise>,
    mut on_progress: impl FnMut(LoadProgress),
) -> Result<js_sys::Uint8Array, FetchError> {
    if url.starts_with("file:") {
        return read(url, None).await;
    }
    let request = started.unwrap_or_else(|| window().fetch_with_str(url));
    let response = response_ok(request, None).await?;
    let header = |name: &str| response.headers().get(name).ok().flatten();
    let encoded = header("content-encoding").is_some_and(|encoding| encoding != "identity");
    let total = header("content-length")
        .and_then(|length| length.trim().parse::<u64>().ok())
        .filter(|_| !encoded);
    let Some(body) = response.body() else {
        return array_buffer(&response).await;
    };
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let read_failure = |error: JsValue| FetchError::Read(js_message(&error));
    let chunks = js_sys::Array::new();
    let mut received: u64 = 0;
    loop {
        let result = JsFuture::from(reader.read()).await.map_err(read_failure)?;
        let done = js_sys::Reflect::get(&result, &"done".into())
            .map_err(read_failure)?
            .is_truthy();
        if done {
            break;
        }
        let chunk: js_sys::Uint8Array = js_sys::Reflect::get(&result, &"value".into())
            .map_err(read_failure)?
            .dyn_into()
            .map_err(read_failure)?;
        received += u64::from(chunk.length());
        chunks.push(&chunk);
        on_progress(LoadProgress::Fetching {
            received,
            total: total.filter(|&total| received <= total),
        });
    }
    let length = u32::try_from(received).map_err(|_| FetchError::TooBig)?;
    let whole = js_sys::Uint8Array::new_with_length(length);
    let mut offset = 0;
    for chunk in chunks.iter() {
        let chunk: js_sys::Uint8Array = chunk.unchecked_into();
        whole.set(&chunk, offset);
        offset += chunk.length();
    }
    Ok(whole)
}

#[wasm_bindgen]
extern "C" {
    /// The Encoding API's decoder, bound here to keep the text a JavaScript string: web-sys copies it into a
    /// Rust `String`, and `JSON.parse` would copy it back.
    type TextDecoder;

    #[wasm_bindgen(constructor, catch)]
    fn new(label: &str, options: &JsValue) -> Result<TextDecoder, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn decode(this: &TextDecoder, bytes: &js_sys::Uint8Array) -> Result<js_sys::JsString, JsValue>;

    /// `JSON.parse` of a JavaScript string.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_json_text(text: &js_sys::JsString) -> Result<JsValue, JsValue>;
}

/// The bytes as UTF-8 JSON, parsed by the browser.
fn parse_json(bytes: &js_sys::Uint8Array) -> Result<JsValue, Error> {
    let syntax_error = |message: String| Error::new("", ErrorKind::Syntax(message));
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"fatal".into(), &JsValue::TRUE);
    let text = TextDecoder::new("utf-8", &options)
        .and_then(|decoder| decoder.decode(bytes))
        .map_err(|error| syntax_error(format!("not UTF-8 text ({})", js_message(&error))))?;
    parse_json_text(&text).map_err(|error| syntax_error(js_message(&error)))
}

/// Resolves in a task of its own, after the browser has had the chance to paint and handle input. A message to
/// ourselves: unlike nested timeouts, it is not held back for 4 ms.
pub(super) async fn next_task() {
    let promise = js_sys::Promise::new(&mut |resolve, _| match web_sys::MessageChannel::new() {
        Ok(channel) => {
            channel.port1().set_onmessage(Some(&resolve));
            if channel.port2().post_message(&JsValue::UNDEFINED).is_err() {
                let _ = resolve.call0(&JsValue::UNDEFINED);
            }
        }
        Err(_) => {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Milliseconds on the page's clock.
pub(super) fn now() -> f64 {
    window()
        .performance()
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}

/// Fetches `url`, or only its bytes `start..end` when a range is given (the host may send the whole file);
/// an HTTP error is a failure too. The reason is worded for the reader.
async fn fetch_ok(url: &str, range: Option<(u32, u32)>) -> Result<web_sys::Response, FetchError> {
    let request = match range {
        None => window().fetch_with_str(url),
        Some((start, end)) => {
            let headers = web_sys::Headers::new().map_err(network_error)?;
            let last = end.saturating_sub(1);
            headers
                .set("Range", &format!("bytes={start}-{last}"))
                .map_err(network_error)?;
            let init = web_sys::RequestInit::new();
            init.set_headers(&headers);
            window().fetch_with_str_and_init(url, &init)
        }
    };
    response_ok(request, range).await
}

/// The response a `fetch()` resolves to, if it is a success and (for a range) the part asked for.
async fn response_ok(
    request: js_sys::Promise,
    range: Option<(u32, u32)>,
) -> Result<web_sys::Response, FetchError> {
    let response: web_sys::Response = JsFuture::from(request)
        .await
        .map_err(network_error)?
        .unchecked_into();
    if !response.ok() {
        return Err(FetchError::Http {
            status: response.status(),
            status_text: response.status_text(),
        });
    }
    // A part of the file must be the part asked for; a whole file (200) is the caller's to cut.
    if let (206, Some((start, _))) = (response.status(), range) {
        let sent = response.headers().get("Content-Range").ok().flatten();
        if !sent.is_some_and(|sent| sent.starts_with(&format!("bytes {start}-"))) {
            return Err(FetchError::Unreadable);
        }
    }
    Ok(response)
}

/// A request the browser could not make, or whose response never came.
fn network_error(error: JsValue) -> FetchError {
    FetchError::Network(js_message(&error))
}

/// The bytes at `url` (or its bytes `start..end`, or all of it if the host sends that): fetched, or on a page
/// opened from file:// (where browsers refuse fetch) read whole through the file's script twin by
/// `articleViewerRead`, which `www/main.js` defines for such pages.
async fn read(url: &str, range: Option<(u32, u32)>) -> Result<js_sys::Uint8Array, FetchError> {
    if !url.starts_with("file:") {
        return array_buffer(&fetch_ok(url, range).await?).await;
    }
    let reader = js_sys::Reflect::get(&window(), &"articleViewerRead".into())
        .ok()
        .and_then(|reader| reader.dyn_into::<js_sys::Function>().ok())
        .ok_or(FetchError::NoFileReader)?;
    let promise = reader
        .call1(&JsValue::NULL, &url.into())
        .map_err(|error| FetchError::Read(js_message(&error)))?;
    let bytes = JsFuture::from(js_sys::Promise::from(promise))
        .await
        .map_err(|error| FetchError::Read(js_message(&error)))?;
    Ok(bytes.unchecked_into())
}

/// A file of the site's index: its bytes `start..end` when a range is given (or the whole file, where the host
/// sends that), as stored; or the whole file, gzip data (the index's pieces other than volumes are stored so)
/// decompressed by the browser. Volumes never start with gzip's magic bytes (a chunk starts with a key).
pub(super) async fn fetch_bytes(
    url: &str,
    range: Option<(u32, u32)>,
) -> Result<Vec<u8>, FetchError> {
    let bytes = read(url, range).await?;
    // A host that sent the file with `Content-Encoding: gzip` has decompressed it already.
    let gzipped = bytes.length() >= 2 && bytes.get_index(0) == 0x1f && bytes.get_index(1) == 0x8b;
    if range.is_some() || !gzipped {
        return Ok(bytes.to_vec());
    }
    let decompressed = (|| -> Result<web_sys::Response, JsValue> {
        let blob = web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&bytes))?;
        let gunzip = DecompressionStream::new("gzip")?;
        let stream = blob
            .stream()
            .pipe_through(gunzip.unchecked_ref::<web_sys::ReadableWritablePair>());
        web_sys::Response::new_with_opt_readable_stream(Some(&stream))
    })()
    .map_err(|error| FetchError::Decompress(js_message(&error)))?;
    Ok(array_buffer(&decompressed).await?.to_vec())
}

#[wasm_bindgen]
extern "C" {
    /// The Compression Streams API's decompressor (web-sys has it only behind its unstable-API flag).
    type DecompressionStream;

    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
}

async fn array_buffer(response: &web_sys::Response) -> Result<js_sys::Uint8Array, FetchError> {
    let buffer = match response.array_buffer() {
        Ok(promise) => JsFuture::from(promise).await,
        Err(error) => Err(error),
    }
    .map_err(|error| FetchError::Read(js_message(&error)))?;
    Ok(js_sys::Uint8Array::new(&buffer))
}
