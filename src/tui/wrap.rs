//! Lines wrapped to the width they are shown in, each continuation indented as far as the
//! line's own text begins: under a finding's message, under the fix after "fix: ", under a
//! checklist item's text, under a progress mark (✓ ✗ ·), under a report line's value.
//! ratatui's own wrapping starts every continuation at column 0.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthChar;

const SEVERITY_WORDS: [&str; 3] = ["error ", "warning ", "info "];

/// Where a line's continuation starts: its leading spaces, plus a leading label it carries
/// (`fix: `, a checkbox `[ ] 3. `); a finding's first line continues two columns in.
fn hang(line: &Line) -> usize {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let lead = text.chars().take_while(|c| *c == ' ').count();
    let rest = &text[lead..];
    if line
        .spans
        .first()
        .is_some_and(|s| SEVERITY_WORDS.contains(&s.content.as_ref()))
    {
        return 2;
    }
    if let Some(after) = rest.strip_prefix("fix: ") {
        return lead + rest.len() - after.len();
    }
    // A numbered item ("3. Create …") continues under its text.
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && rest[digits..].starts_with(". ") {
        return lead + digits + 2;
    }
    // A mark and a space ("✓ Created …", a spinner's frame): the text continues after it.
    let mut chars = rest.chars();
    if let (Some(mark), Some(' ')) = (chars.next(), chars.next())
        && !mark.is_alphanumeric()
        && !matches!(mark, '[' | '(' | '"' | '\'' | '+' | '-')
    {
        return lead + 2;
    }
    // A report line ("Issuer:        https://…"): the value continues under itself.
    if let Some(colon) = rest.find(": ")
        && rest[..colon]
            .chars()
            .all(|c| c.is_alphanumeric() || c == ' ')
        && rest[colon + 1..].starts_with("  ")
    {
        let value = colon + 1 + rest[colon + 1..].chars().take_while(|c| *c == ' ').count();
        return lead + value;
    }
    let checkbox = rest.starts_with("[ ] ") || rest.starts_with("[x] ");
    if checkbox {
        let number = rest[4..]
            .find(". ")
            .filter(|i| rest[4..4 + i].chars().all(|c| c.is_ascii_digit()));
        return lead + 4 + number.map_or(0, |i| i + 2);
    }
    lead
}

fn width_of(s: &str) -> usize {
    s.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// One line wrapped at word boundaries (a word longer than the room is cut), styles kept.
pub fn wrap_line<'a>(line: Line<'a>, width: usize) -> Vec<Line<'a>> {
    let total: usize = line.spans.iter().map(|s| width_of(&s.content)).sum();
    if width == 0 || total <= width {
        return vec![line];
    }
    let indent = hang(&line).min(width / 2);
    // Words with their style, the spaces between them kept as their own words.
    let mut words: Vec<(String, Style)> = vec![];
    for span in &line.spans {
        let mut current = String::new();
        for c in span.content.chars() {
            if (c == ' ') != current.ends_with(' ') && !current.is_empty() {
                words.push((std::mem::take(&mut current), span.style));
            }
            current.push(c);
        }
        if !current.is_empty() {
            words.push((current, span.style));
        }
    }
    let mut out: Vec<Line<'a>> = vec![];
    let mut row: Vec<Span<'a>> = vec![];
    let mut used = 0;
    let mut first = true;
    let line_style = line.style;
    let new_row = |out: &mut Vec<Line<'a>>, row: &mut Vec<Span<'a>>, first: &mut bool| {
        // The space a row ended on is not part of it.
        while row
            .last()
            .is_some_and(|s| s.content.trim().is_empty() && !s.content.is_empty())
            && row.len() > 1
        {
            row.pop();
        }
        out.push(Line::from(std::mem::take(row)).style(line_style));
        *first = false;
    };
    for (word, style) in words {
        let is_space = word.starts_with(' ');
        let w = width_of(&word);
        if is_space && !first && used == indent {
            continue; // no spaces at the start of a continuation
        }
        if used + w <= width {
            row.push(Span::styled(word, style));
            used += w;
            continue;
        }
        if is_space {
            new_row(&mut out, &mut row, &mut first);
            row.push(Span::raw(" ".repeat(indent)));
            used = indent;
            continue;
        }
        if w <= width - indent && used > indent {
            new_row(&mut out, &mut row, &mut first);
            row.push(Span::raw(" ".repeat(indent)));
            used = indent;
            row.push(Span::styled(word, style));
            used += w;
            continue;
        }
        // Too long for the room after the indent but not for the width (a URL after a label):
        // a row of its own, indented only as far as lets it stay whole, so it can be copied.
        if w <= width {
            if !row.is_empty() {
                new_row(&mut out, &mut row, &mut first);
            }
            row.push(Span::raw(" ".repeat(width - w)));
            row.push(Span::styled(word, style));
            used = width;
            continue;
        }
        // Longer than a whole row: it starts a row of its own and is cut where the room ends.
        if used > indent {
            new_row(&mut out, &mut row, &mut first);
            row.push(Span::raw(" ".repeat(indent)));
            used = indent;
        }
        let mut piece = String::new();
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > width {
                row.push(Span::styled(std::mem::take(&mut piece), style));
                new_row(&mut out, &mut row, &mut first);
                row.push(Span::raw(" ".repeat(indent)));
                used = indent;
            }
            piece.push(c);
            used += cw;
        }
        row.push(Span::styled(piece, style));
    }
    if !row.is_empty() {
        new_row(&mut out, &mut row, &mut first);
    }
    out
}

/// The lines as a paragraph for an area `width` columns wide.
/// A paragraph scrolled just far enough that lines `keep` (indexes into `lines`, before
/// wrapping) end on screen: a focused row below the fold comes into view, and nothing
/// scrolls while it fits.
pub fn paragraph_keeping<'a>(
    lines: Vec<Line<'a>>,
    keep: std::ops::Range<usize>,
    area: ratatui::layout::Rect,
) -> Paragraph<'a> {
    let width = usize::from(area.width);
    let rows: Vec<usize> = lines
        .iter()
        .map(|l| wrap_line(l.clone(), width).len().max(1))
        .collect();
    let end: usize = rows.iter().take(keep.end.min(rows.len())).sum();
    let start: usize = rows.iter().take(keep.start.min(rows.len())).sum();
    let height = usize::from(area.height);
    // The end of the kept lines on screen, without scrolling past their start.
    let scroll = end.saturating_sub(height).min(start);
    paragraph(lines, area.width).scroll((u16::try_from(scroll).unwrap_or(u16::MAX), 0))
}

pub fn paragraph<'a>(lines: Vec<Line<'a>>, width: u16) -> Paragraph<'a> {
    Paragraph::new(
        lines
            .into_iter()
            .flat_map(|l| wrap_line(l, usize::from(width)))
            .collect::<Vec<_>>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn a_fix_continues_under_its_text() {
        let l = Line::from(vec![
            Span::raw("  fix: "),
            Span::raw("add the statement named Email Id to the app"),
        ]);
        assert_eq!(
            text(&wrap_line(l, 24)),
            [
                "  fix: add the statement",
                "       named Email Id to",
                "       the app"
            ]
        );
    }

    #[test]
    fn a_finding_continues_two_columns_in_and_a_long_word_is_cut() {
        let l = Line::from(vec![
            Span::raw("error "),
            Span::raw("[code] "),
            Span::raw("see https://example.com/a/very/long/path"),
        ]);
        let rows = text(&wrap_line(l, 20));
        assert_eq!(rows[0], "error [code] see");
        assert!(
            rows[1..]
                .iter()
                .all(|r| r.starts_with("  ") && r.chars().count() <= 20),
            "{rows:?}"
        );
        assert_eq!(
            rows.concat().replace(' ', ""),
            "error[code]seehttps://example.com/a/very/long/path"
        );
    }

    #[test]
    fn a_numbered_item_continues_under_its_text() {
        let l = Line::raw(" 4. Update app client okta-web (enable Okta)");
        assert_eq!(
            text(&wrap_line(l, 28)),
            [" 4. Update app client", "    okta-web (enable Okta)"]
        );
    }

    #[test]
    fn a_progress_mark_and_a_report_value_keep_their_column() {
        let l = Line::raw(" ✓ Create the prefix domain acme (https://acme.example) 0.4 s");
        assert_eq!(
            text(&wrap_line(l, 34)),
            [
                " ✓ Create the prefix domain acme",
                "   (https://acme.example) 0.4 s"
            ]
        );
        let l = Line::raw("Issuer:        https://cognito-idp.example/pool (ORIGINAL)");
        assert_eq!(
            text(&wrap_line(l, 48)),
            [
                "Issuer:        https://cognito-idp.example/pool",
                "               (ORIGINAL)"
            ]
        );
    }

    #[test]
    fn a_word_that_fits_the_width_but_not_the_indent_stays_whole() {
        let l = Line::raw("ACS URL:       https://acme.example/saml2/idpresponse");
        assert_eq!(
            text(&wrap_line(l, 40)),
            ["ACS URL:", "  https://acme.example/saml2/idpresponse"]
        );
    }

    #[test]
    fn a_checklist_item_continues_under_its_text() {
        let l = Line::raw("[ ] 8. Single Logout: upload the certificate");
        assert_eq!(
            text(&wrap_line(l, 26)),
            [
                "[ ] 8. Single Logout:",
                "       upload the",
                "       certificate"
            ]
        );
    }
}
