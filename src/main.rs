//! The `article-viewer` command: check, pack, import and render article bundles. See `article-viewer --help`.

#![forbid(unsafe_code)]

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    article_viewer::cli::main(std::env::args_os())
}

// The command runs natively only; the wasm build is the viewer.
#[cfg(target_arch = "wasm32")]
fn main() {}
