//! A one-line text field that measures by display columns, so the cursor lands right after
//! CJK characters, and scrolls horizontally when the text is wider than the field.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::Frame;
use unicode_width::UnicodeWidthChar;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    value: String,
    /// Cursor position in characters.
    cursor: usize,
    pub masked: bool,
}

impl TextInput {
    pub fn new(value: &str) -> TextInput {
        TextInput {
            value: value.to_string(),
            cursor: value.chars().count(),
            masked: false,
        }
    }

    pub fn masked() -> TextInput {
        TextInput {
            masked: true,
            ..TextInput::default()
        }
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    pub fn set(&mut self, value: &str) {
        self.value = value.to_string();
        self.cursor = value.chars().count();
    }

    pub fn clear(&mut self) {
        self.set("");
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.value
            .char_indices()
            .nth(chars)
            .map(|(i, _)| i)
            .unwrap_or(self.value.len())
    }

    /// Apply an editing key; returns whether the value changed.
    pub fn edit(&mut self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let len = self.value.chars().count();
        match key.code {
            KeyCode::Char('u') if ctrl => {
                let changed = !self.value.is_empty();
                self.clear();
                changed
            }
            KeyCode::Char('a') if ctrl => {
                self.cursor = 0;
                false
            }
            KeyCode::Char('e') if ctrl => {
                self.cursor = len;
                false
            }
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                let at = self.byte_at(self.cursor);
                self.value.insert(at, c);
                self.cursor += 1;
                true
            }
            KeyCode::Backspace if self.cursor > 0 => {
                let at = self.byte_at(self.cursor - 1);
                self.value.remove(at);
                self.cursor -= 1;
                true
            }
            KeyCode::Delete if self.cursor < len => {
                let at = self.byte_at(self.cursor);
                self.value.remove(at);
                true
            }
            KeyCode::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                false
            }
            KeyCode::Right => {
                self.cursor = (self.cursor + 1).min(len);
                false
            }
            KeyCode::Home => {
                self.cursor = 0;
                false
            }
            KeyCode::End => {
                self.cursor = len;
                false
            }
            _ => false,
        }
    }

    /// Whether a key is one this field consumes when focused (printable text and editing).
    pub fn takes(key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        match key.code {
            KeyCode::Char('u' | 'a' | 'e') if ctrl => true,
            KeyCode::Char(_) => !ctrl && !alt,
            KeyCode::Backspace | KeyCode::Delete | KeyCode::Home | KeyCode::End => true,
            _ => false,
        }
    }

    fn shown(&self) -> String {
        if self.masked {
            "•".repeat(self.value.chars().count())
        } else {
            self.value.clone()
        }
    }

    /// The visible slice and the cursor column inside it, for a field `cols` wide.
    pub fn view(&self, cols: usize) -> (String, usize) {
        let shown: Vec<char> = self.shown().chars().collect();
        let w = |c: &char| c.width().unwrap_or(0);
        let before: usize = shown[..self.cursor.min(shown.len())].iter().map(w).sum();
        let cols = cols.max(1);
        // Scroll so that the cursor (one column after the text) fits.
        let mut skip_cols = before.saturating_sub(cols - 1);
        let mut start = 0;
        let mut acc = 0;
        while start < shown.len() && acc < skip_cols {
            acc += w(&shown[start]);
            start += 1;
        }
        skip_cols = acc;
        let mut out = String::new();
        let mut used = 0;
        for c in &shown[start..] {
            let cw = w(c);
            if used + cw > cols {
                break;
            }
            out.push(*c);
            used += cw;
        }
        (out, before - skip_cols)
    }

    /// Draw into one row; place the terminal cursor when focused.
    pub fn render(&self, frame: &mut Frame, area: Rect, style: Style, focused: bool) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        let (text, col) = self.view(area.width as usize);
        frame.render_widget(Line::from(Span::styled(text, style)), area);
        if focused {
            let x = area.x + (col as u16).min(area.width.saturating_sub(1));
            frame.set_cursor_position(Position::new(x, area.y));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn edits_and_cursor_columns_with_cjk() {
        let mut t = TextInput::default();
        for c in "钢筋A".chars() {
            t.edit(&key(KeyCode::Char(c)));
        }
        assert_eq!(t.value(), "钢筋A");
        assert_eq!(t.view(20), ("钢筋A".to_string(), 5));
        t.edit(&key(KeyCode::Left));
        t.edit(&key(KeyCode::Backspace));
        assert_eq!(t.value(), "钢A");
        assert_eq!(t.view(20).1, 2);
        // Narrow field scrolls so the cursor stays visible.
        let long = TextInput::new("福州钢铁有限公司");
        let (text, col) = long.view(6);
        assert!(col <= 5, "{text} {col}");
        assert!(text.ends_with('司'), "{text}");
    }

    #[test]
    fn masked_shows_dots() {
        let mut t = TextInput::masked();
        t.set("secret");
        assert_eq!(t.view(10).0, "••••••");
    }
}
