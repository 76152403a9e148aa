//! A filtered, scrolling list of rows (indices into some data), shared by the simple list
//! screens. Drawing shows only the rows that fit.

use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::Frame;

use super::{text, TextInput};
use crate::tui::keymap::Action;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListView {
    pub filter: TextInput,
    pub filtering: bool,
    pub rows: Vec<usize>,
    pub selected: usize,
    pub offset: usize,
}

pub enum Outcome {
    /// Handled; the filter text changed when `true`.
    Done(bool),
    Open(usize),
    Unhandled,
}

impl ListView {
    pub fn needle(&self) -> String {
        self.filter.value().trim().to_lowercase()
    }

    pub fn set_rows(&mut self, rows: Vec<usize>) {
        self.rows = rows;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    pub fn current(&self) -> Option<usize> {
        self.rows.get(self.selected).copied()
    }

    pub fn update(&mut self, action: Action, page: usize) -> Outcome {
        let len = self.rows.len();
        if self.filtering {
            match action {
                Action::Edit(k) => {
                    let changed = self.filter.edit(&k);
                    if changed {
                        self.selected = 0;
                        self.offset = 0;
                    }
                    return Outcome::Done(changed);
                }
                Action::Open | Action::Down => {
                    self.filtering = false;
                    return Outcome::Done(false);
                }
                Action::Back => {
                    self.filtering = false;
                    self.filter.clear();
                    return Outcome::Done(true);
                }
                _ => {}
            }
        }
        let page = page.max(1) as isize;
        match action {
            Action::Filter => self.filtering = true,
            Action::Up => self.selected = super::step(self.selected, -1, len),
            Action::Down => self.selected = super::step(self.selected, 1, len),
            Action::PageUp => self.selected = super::step(self.selected, -page, len),
            Action::PageDown => self.selected = super::step(self.selected, page, len),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = len.saturating_sub(1),
            Action::Open => {
                return match self.current() {
                    Some(i) => Outcome::Open(i),
                    None => Outcome::Done(false),
                }
            }
            Action::Back if !self.filter.is_empty() => {
                self.filter.clear();
                return Outcome::Done(true);
            }
            _ => return Outcome::Unhandled,
        }
        self.offset = super::window(self.selected, self.offset, page as usize, len);
        Outcome::Done(false)
    }

    /// The filter line: `/ 筛选：text`.
    pub fn draw_filter(&self, frame: &mut Frame, area: Rect, label: &str, hint: &str, right: &str) {
        let label = format!("/ {label}：");
        let lw = text::width(&label) as u16;
        let rw = text::width(right) as u16;
        let st = if self.filtering {
            super::focus_style()
        } else {
            super::dim()
        };
        frame.render_widget(Line::styled(label, st), area);
        let field = Rect {
            x: area.x + lw,
            width: area.width.saturating_sub(lw + rw + 1),
            ..area
        };
        if self.filter.is_empty() && !self.filtering {
            frame.render_widget(
                Line::styled(text::truncate(hint, field.width as usize), super::dim()),
                field,
            );
        } else {
            self.filter.render(
                frame,
                field,
                Style::default().add_modifier(Modifier::UNDERLINED),
                self.filtering,
            );
        }
        frame.render_widget(
            Line::styled(right.to_string(), super::dim()),
            Rect {
                x: area.x + area.width.saturating_sub(rw),
                width: rw,
                ..area
            },
        );
    }

    /// A header and the visible rows; `row(i)` formats data row `i` (with its style).
    pub fn draw_rows(
        &self,
        frame: &mut Frame,
        area: Rect,
        header: &str,
        row: &dyn Fn(usize) -> (String, Style),
    ) {
        if area.height == 0 {
            return;
        }
        frame.render_widget(
            Line::styled(format!(" {header}"), super::header_style()),
            Rect { height: 1, ..area },
        );
        let h = area.height.saturating_sub(1) as usize;
        let offset = super::window(self.selected, self.offset, h, self.rows.len());
        for (k, i) in self.rows.iter().enumerate().skip(offset).take(h) {
            let (s, mut st) = row(*i);
            let mark = if k == self.selected { "›" } else { " " };
            // The cells end in a separating space; only a real overflow earns the `…`.
            let s = format!("{mark}{}", s.trim_end());
            if k == self.selected {
                st = super::selected_style();
            }
            frame.render_widget(
                Line::styled(text::pad(&s, area.width as usize), st),
                Rect {
                    y: area.y + 1 + (k - offset) as u16,
                    height: 1,
                    ..area
                },
            );
        }
    }
}

/// Cells padded to column widths, joined by a space.
pub fn columns(cells: &[(&str, usize)]) -> String {
    let mut out = String::new();
    for (c, w) in cells {
        out.push_str(&text::pad(c, *w));
        out.push(' ');
    }
    out
}
