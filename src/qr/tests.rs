use super::*;

/// The module grid an SVG from [`svg`] draws, quiet zone included, read back from its path.
fn modules_drawn(node: &Node) -> Vec<Vec<bool>> {
    let elements = node.descendants();
    let svg = elements.first().expect("an svg element");
    let view_box = svg.attr("viewBox").expect("a viewBox");
    let extent: usize = view_box
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a square viewBox");
    let path = elements
        .iter()
        .find(|element| element.tag() == "path")
        .and_then(|path| path.attr("d"))
        .expect("a path");
    let mut grid = vec![vec![false; extent]; extent];
    for rectangle in path.split('M').filter(|part| !part.is_empty()) {
        // Each is `{x} {y}h{run}v1h-{run}z`.
        let (x, rest) = rectangle.split_once(' ').expect("x");
        let (y, rest) = rest.split_once('h').expect("y");
        let (run, rest) = rest.split_once('v').expect("run");
        assert_eq!(rest, format!("1h-{run}z"));
        let (x, y, run): (usize, usize, usize) = (
            x.parse().expect("x"),
            y.parse().expect("y"),
            run.parse().expect("run"),
        );
        for module in &mut grid[y][x..x + run] {
            *module = true;
        }
    }
    grid
}

/// Rasterises a module grid at `scale` pixels a module and decodes it with rqrr, an independent decoder.
fn decode(grid: &[Vec<bool>], scale: usize) -> String {
    let pixels = grid.len() * scale;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(pixels, pixels, |x, y| {
        if grid[y / scale][x / scale] {
            0
        } else {
            255
        }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the picture");
    let (_meta, content) = grids[0].decode().expect("the code decodes");
    content
}

#[track_caller]
fn check_round_trip(text: &str) {
    let node = svg(text, "二维码").expect("fits");
    let grid = modules_drawn(&node);
    let code = encode(text).expect("fits");
    let size = code.size();
    assert_eq!(grid.len() as i32, size + 2 * QUIET_ZONE);
    for (y, row) in grid.iter().enumerate() {
        for (x, &dark) in row.iter().enumerate() {
            let (module_x, module_y) = (x as i32 - QUIET_ZONE, y as i32 - QUIET_ZONE);
            let inside = (0..size).contains(&module_x) && (0..size).contains(&module_y);
            let expect = inside && code.get_module(module_x, module_y);
            assert_eq!(dark, expect, "module ({x}, {y}) of {text:?}");
        }
    }
    assert_eq!(decode(&grid, 4), text);
}

#[test]
fn drawn_codes_decode_to_their_text() {
    check_round_trip("https://invest.example.cn/focus/2024/03/yellow-river-corridor.html");
    check_round_trip("http://127.0.0.1:8000/?bundle=bundles%2Fsample.json#/article/jin-shaan-2023");
    check_round_trip("https://invest.example.cn/app/?article=q1-investment-by-city-2024");
    check_round_trip("HELLO WORLD");
    check_round_trip("12345678901234567890");
    check_round_trip("https://例子.中国/文章?标题=黄河");
}

#[test]
fn the_reference_matrix_for_a_known_input_is_drawn() {
    // "HELLO WORLD" at level M or better is a version 1 code (21 modules a side).
    let code = encode("HELLO WORLD").expect("fits");
    assert_eq!(code.size(), 21);
    assert!(matches!(
        code.error_correction_level(),
        QrCodeEcc::Medium | QrCodeEcc::Quartile | QrCodeEcc::High
    ));
    // The three finder patterns: dark 7×7 rings at three corners.
    for (corner_x, corner_y) in [(0, 0), (14, 0), (0, 14)] {
        for offset in 0..7 {
            assert!(code.get_module(corner_x + offset, corner_y));
            assert!(code.get_module(corner_x, corner_y + offset));
            assert!(code.get_module(corner_x + 6, corner_y + offset));
            assert!(code.get_module(corner_x + offset, corner_y + 6));
        }
        assert!(!code.get_module(corner_x + 1, corner_y + 1));
    }
}

#[test]
fn the_svg_is_labelled_and_has_a_quiet_zone() {
    let node = svg("https://a.cn/", "二维码：https://a.cn/").expect("fits");
    let html = crate::node::to_html(&node);
    assert!(
        html.starts_with(
            r#"<svg class="qr" viewBox="0 0 29 29" role="img" aria-label="二维码：https://a.cn/""#
        ),
        "{html}"
    );
    let grid = modules_drawn(&node);
    for index in 0..grid.len() {
        for margin in 0..QUIET_ZONE as usize {
            let far = grid.len() - 1 - margin;
            assert!(
                !grid[margin][index]
                    && !grid[far][index]
                    && !grid[index][margin]
                    && !grid[index][far]
            );
        }
    }
}

#[test]
fn too_long_text_is_refused_with_a_message_not_a_panic() {
    let url = format!("https://invest.example.cn/{}", "a".repeat(2000));
    let error = svg(&url, "二维码").expect_err("2,000 characters are too many");
    assert_eq!(error, QrError::TooLong { chars: 2026 });
    assert_eq!(error.to_string(), "链接太长（2026 个字符），无法生成二维码");
    assert!(svg(&"中".repeat(5000), "x").is_err());
    assert!(svg("", "empty").is_ok());
}
