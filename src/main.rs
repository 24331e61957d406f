//! The `article-viewer` command: check, pack, import and render article bundles. See `article-viewer --help`.

#![forbid(unsafe_code)]

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    article_viewer::cli::main(&args)
}

// The command runs natively only; the wasm build is the viewer.
#[cfg(target_arch = "wasm32")]
fn main() {}
