//! Small charts drawn on the server as SVG (no scripts, a few hundred bytes each), always
//! beside a table of the same numbers for readers without images.

use maud::{html, Markup};

use super::page::Ui;
use crate::readings::number;
use crate::store::StoredReading;

const WIDTH: f64 = 320.0;
const HEIGHT: f64 = 90.0;
const PAD: f64 = 14.0;

/// A bar per label, scaled to the largest value, with the values written above.
pub fn bars(title: &str, values: &[(String, f64)]) -> Markup {
    let max = values
        .iter()
        .map(|(_, v)| *v)
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let n = values.len().max(1) as f64;
    let slot = (WIDTH - 2.0 * PAD) / n;
    let bar = (slot * 0.7).max(1.0);
    html! {
        svg viewBox={ "0 0 " (WIDTH) " " (HEIGHT + 2.0 * PAD) } role="img" aria-label=(title) {
            @for (i, (label, v)) in values.iter().enumerate() {
                @let h = v / max * HEIGHT;
                @let x = PAD + i as f64 * slot;
                rect x=(fmt(x)) y=(fmt(PAD + HEIGHT - h)) width=(fmt(bar)) height=(fmt(h)) fill="#37a" {}
                text x=(fmt(x + bar / 2.0)) y=(fmt(PAD + HEIGHT - h - 2.0)) font-size="8" text-anchor="middle" { (number(*v)) }
                @if values.len() <= 16 {
                    text x=(fmt(x + bar / 2.0)) y=(fmt(HEIGHT + 2.0 * PAD - 2.0)) font-size="7" text-anchor="middle" { (label) }
                }
            }
        }
    }
}

/// A line of values (oldest first), with the range written at the left.
fn line(title: &str, series: &[Vec<f64>]) -> Markup {
    let all = series.iter().flatten().copied();
    let (lo, hi) = all.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let span = (hi - lo).max(1.0);
    let points = |values: &[f64]| -> String {
        let step = (WIDTH - 3.0 * PAD) / (values.len().max(2) - 1) as f64;
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                format!(
                    "{},{}",
                    fmt(2.0 * PAD + i as f64 * step),
                    fmt(PAD + HEIGHT - (v - lo) / span * HEIGHT)
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    html! {
        svg viewBox={ "0 0 " (WIDTH) " " (HEIGHT + 2.0 * PAD) } role="img" aria-label=(title) {
            text x="0" y=(fmt(PAD)) font-size="8" { (number(hi)) }
            text x="0" y=(fmt(PAD + HEIGHT)) font-size="8" { (number(lo)) }
            @for (i, values) in series.iter().enumerate() {
                polyline points=(points(values)) fill="none" stroke=(if i == 0 { "#a33" } else { "#37a" }) stroke-width="2" {}
            }
        }
    }
}

/// A patient's readings: a small chart per kind with two or more, and every reading listed.
pub fn readings(ui: &Ui, readings: &[StoredReading]) -> Markup {
    if readings.is_empty() {
        return html! { p { (ui.t("console-none")) } };
    }
    let mut kinds: Vec<&str> = readings.iter().map(|r| r.kind.as_str()).collect();
    kinds.dedup();
    kinds.sort_unstable();
    kinds.dedup();
    html! {
        @for kind in kinds {
            // Stored newest first; charts run oldest to newest.
            @let of_kind: Vec<&StoredReading> = readings.iter().rev().filter(|r| r.kind == kind).collect();
            @let title = ui.t(&format!("console-reading-{kind}"));
            h3 { (title) }
            @if of_kind.len() >= 2 {
                @let first: Vec<f64> = of_kind.iter().map(|r| r.value).collect();
                @let second: Vec<f64> = of_kind.iter().filter_map(|r| r.second_value).collect();
                @let series = if second.len() == first.len() { vec![first, second] } else { vec![first] };
                (line(&title, &series))
            }
            table {
                @for r in of_kind.iter().rev() {
                    tr {
                        td { (crate::domain::india_datetime(r.recorded_at)) }
                        td { (number(r.value)) @if let Some(s) = r.second_value { "/" (number(s)) } " " (r.unit) " " (r.context) }
                    }
                }
            }
        }
    }
}

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_scaled_to_the_largest_value_and_fit_the_box() {
        let svg = bars("calls", &[("01/12".into(), 2.0), ("02/12".into(), 4.0)]).into_string();
        assert!(svg.contains(r#"height="90.0""#), "{svg}");
        assert!(svg.contains(r#"height="45.0""#), "{svg}");
        assert!(svg.contains("02/12"));
    }
}
