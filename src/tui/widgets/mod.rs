//! Small building blocks shared by the screens.

pub mod input;
pub mod list;
pub mod text;

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};

pub use input::TextInput;

/// A centred rectangle of at most `w`×`h` inside `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    let [r] = Layout::horizontal([Constraint::Length(w)])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::vertical([Constraint::Length(h)])
        .flex(Flex::Center)
        .areas(r);
    r
}

/// Clear a popup's rectangle and one column either side, so a wide (CJK) character
/// underneath cannot straddle the popup's border.
pub fn clear_around(frame: &mut ratatui::Frame, r: Rect) {
    let full = frame.area();
    let x = r.x.saturating_sub(1).max(full.x);
    let right = (r.x + r.width + 1).min(full.x + full.width);
    let wider = Rect {
        x,
        width: right.saturating_sub(x),
        ..r
    };
    frame.render_widget(ratatui::widgets::Clear, wider);
    // Leave the outer columns blank rather than half a character.
    for y in wider.y..wider.y + wider.height {
        for xx in [wider.x, wider.x + wider.width.saturating_sub(1)] {
            if xx < r.x || xx >= r.x + r.width {
                frame.buffer_mut()[(xx, y)].set_symbol(" ");
            }
        }
    }
}

/// The first row shown so that `selected` is visible in `height` rows, starting from the
/// previous offset (so the list does not jump while moving inside the window).
pub fn window(selected: usize, offset: usize, height: usize, len: usize) -> usize {
    if height == 0 || len == 0 {
        return 0;
    }
    let mut off = offset.min(len.saturating_sub(1));
    if selected < off {
        off = selected;
    } else if selected >= off + height {
        off = selected + 1 - height;
    }
    off.min(len.saturating_sub(height.min(len)))
}

pub fn selected_style() -> Style {
    Style::default()
        .bg(Color::Blue)
        .fg(Color::White)
        .add_modifier(Modifier::BOLD)
}

pub fn header_style() -> Style {
    Style::default()
        .add_modifier(Modifier::BOLD)
        .add_modifier(Modifier::UNDERLINED)
}

pub fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}

pub fn error_style() -> Style {
    Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn ok_style() -> Style {
    Style::default().fg(Color::Green)
}

pub fn warn_style() -> Style {
    Style::default().fg(Color::Yellow)
}

pub fn focus_style() -> Style {
    Style::default()
        .fg(Color::Cyan)
        .add_modifier(Modifier::BOLD)
}

/// Keep `selected` inside `0..len` after a move by `delta` rows.
pub fn step(selected: usize, delta: isize, len: usize) -> usize {
    if len == 0 {
        return 0;
    }
    let s = selected as isize + delta;
    s.clamp(0, len as isize - 1) as usize
}

/// Draw `lines` one per row from the top of `area`; the rest of `area` below them is returned
/// for what follows (a page's facts above its list of orders).
pub fn lines_on_top(
    frame: &mut ratatui::Frame,
    area: ratatui::layout::Rect,
    lines: Vec<ratatui::text::Line<'_>>,
) -> ratatui::layout::Rect {
    let n = lines.len() as u16;
    for (i, line) in lines.into_iter().enumerate() {
        let row = ratatui::layout::Rect {
            y: area.y + i as u16,
            height: 1,
            ..area
        };
        frame.render_widget(line, row.intersection(area));
    }
    ratatui::layout::Rect {
        y: area.y + n,
        height: area.height.saturating_sub(n),
        ..area
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_keeps_selection_visible() {
        assert_eq!(window(0, 0, 10, 100), 0);
        assert_eq!(window(9, 0, 10, 100), 0);
        assert_eq!(window(10, 0, 10, 100), 1);
        assert_eq!(window(5, 20, 10, 100), 5);
        assert_eq!(window(99, 0, 10, 100), 90);
        assert_eq!(window(3, 50, 10, 5), 0);
    }
}
