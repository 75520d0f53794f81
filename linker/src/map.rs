//! The map file: where every symbol went and how much workspace it needs, for people
//! reading a link result.

use crate::image::Image;
use std::fmt::Write as _;

/// Renders the map of `image`.
pub fn render(image: &Image) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "origin      #{:08X}", image.origin);
    let _ = writeln!(s, "entry       #{:08X}", image.entry);
    let _ = writeln!(s, "code        {} bytes", image.code.len());
    let _ = writeln!(
        s,
        "workspace   {} bytes, top #{:08X}",
        image.ws_bytes, image.ws_top
    );
    let _ = writeln!(
        s,
        "vectors     {} bytes at #{:08X}",
        image.vs_bytes, image.vs_base
    );
    let _ = writeln!(s, "memory      {} bytes", image.mem_bytes);
    let _ = writeln!(s, "error mode  {}", image.error_mode.name());
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{:<9}  {:>6}  {:>8}  {:>8}  {:<8}  {:<6}  {:<20}  unit",
        "address", "size", "ws words", "vs bytes", "kind", "scope", "name"
    );
    for sym in &image.symbols {
        let _ = writeln!(
            s,
            "#{:08X}  {:>6}  {:>8}  {:>8}  {:<8}  {:<6}  {:<20}  {}",
            sym.start,
            sym.end - sym.start,
            sym.ws_total,
            sym.vs_total,
            sym.kind.name(),
            if sym.exported { "export" } else { "local" },
            sym.name,
            sym.unit
        );
    }
    s
}
