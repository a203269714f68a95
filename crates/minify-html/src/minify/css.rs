use crate::cfg::Cfg;
#[cfg(feature = "css")]
use lightningcss::stylesheet::MinifyOptions;
#[cfg(feature = "css")]
use lightningcss::stylesheet::ParserOptions;
#[cfg(feature = "css")]
use lightningcss::stylesheet::PrinterOptions;
#[cfg(feature = "css")]
use lightningcss::stylesheet::StyleSheet;
use minify_html_common::whitespace::trimmed;
#[cfg(feature = "css")]
use std::str::from_utf8;

// bangtin: without the "css" feature, a `<style>` is kept as written (trimmed), as upstream
// does when `minify_css` is off.
#[cfg(not(feature = "css"))]
pub fn minify_css(_cfg: &Cfg, out: &mut Vec<u8>, code: &[u8]) {
  out.extend_from_slice(trimmed(code));
}

#[cfg(feature = "css")]
pub fn minify_css(cfg: &Cfg, out: &mut Vec<u8>, code: &[u8]) {
  if cfg.minify_css {
    let mut popt = PrinterOptions::default();
    popt.minify = true;
    let result = match StyleSheet::parse(
      from_utf8(code).expect("<style> content contains non-UTF-8"),
      ParserOptions::default(),
    ) {
      Ok(mut sty) => match sty.minify(MinifyOptions::default()) {
        Ok(()) => match sty.to_css(popt) {
          Ok(out) => Some(out.code),
          // TODO Collect error as warning.
          Err(_err) => None,
        },
        // TODO Collect error as warning.
        Err(_err) => None,
      },
      // TODO Collect error as warning.
      Err(_err) => None,
    };
    if let Some(min) = result {
      if min.len() < code.len() {
        out.extend_from_slice(min.as_bytes());
        return;
      };
    };
  }
  out.extend_from_slice(trimmed(code));
}
