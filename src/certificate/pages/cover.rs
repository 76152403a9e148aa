//! The cover page: title, report number, sample, client, type, QR code and the lab.

use super::*;

impl Ctx<'_> {
    pub(super) fn cover(&self) -> Result<PageLayout> {
        let (l, g) = (&self.t.labels, &self.t.page);
        let mut page = PageLayout::default();
        let d = &mut page.draws;
        let mut y = self.body_top() + 4.0;
        self.cover_marks(d, y);
        if let Some(aspect) = self.extras.logo_aspect {
            let h = g.logo_height_mm;
            d.push(Draw::Image {
                kind: ImageKind::Logo,
                x: self.left,
                y,
                w: h * aspect,
                h,
            });
        }
        y += 45.0;
        let title = Style {
            size: g.title_font_pt,
            spacing: 1.2,
        };
        y += self.text(
            d,
            &l.report_title,
            title,
            self.left,
            self.width,
            y,
            Align::Center,
        );
        y += 6.0;
        let number = Style {
            size: g.body_font_pt * 1.3,
            spacing: g.line_spacing,
        };
        let line = format!("{}：{}", l.report_number, self.c.report_number);
        y += self.text(d, &line, number, self.left, self.width, y, Align::Center) + 22.0;

        // Key facts, label right-aligned, value underlined.
        let field = Style {
            size: g.body_font_pt * 1.3,
            spacing: 1.6,
        };
        let (label_w, value_w) = (34.0, 96.0);
        let x0 = self.left + (self.width - label_w - value_w - 4.0) / 2.0;
        let facts = [
            (&l.sample_name, &self.c.sample.name),
            (&l.client, &self.c.client.name),
            (&l.inspection_type, &self.c.inspection_type),
        ];
        for (label, value) in facts {
            draw_lines(
                d,
                self.font,
                &[format!("{label}：")],
                field,
                x0,
                label_w,
                y,
                Align::Right,
            );
            let lines = wrap(self.font, value, field.size, value_w);
            draw_lines(
                d,
                self.font,
                &lines,
                field,
                x0 + label_w + 4.0,
                value_w,
                y,
                Align::Center,
            );
            for i in 1..=lines.len() {
                let uy = y + i as f32 * field.line_h() - 0.8;
                d.push(Draw::Line {
                    x1: x0 + label_w + 2.0,
                    y1: uy,
                    x2: x0 + label_w + 4.0 + value_w,
                    y2: uy,
                    width: BORDER,
                });
            }
            y += lines.len() as f32 * field.line_h() + 3.0;
        }

        if let Some(r) = &self.c.replaces {
            y += 4.0;
            let top = y;
            let inner = self.width - 40.0;
            let x = self.left + 20.0;
            y += 2.0;
            y += self.text(
                d,
                &l.replaces.replace("{number}", &r.report_number),
                self.body,
                x + 3.0,
                inner - 6.0,
                y,
                Align::Left,
            );
            y += self.text(
                d,
                &format!("{}{}", l.replace_reason, r.reason),
                self.body,
                x + 3.0,
                inner - 6.0,
                y,
                Align::Left,
            );
            y += 2.0;
            d.push(Draw::Rect {
                x,
                y: top,
                w: inner,
                h: y - top,
                width: BORDER,
            });
        }

        // Bottom: lab identity; above it the QR code with its caption.
        let lab_style = Style {
            size: g.body_font_pt * 1.5,
            spacing: g.line_spacing,
        };
        let address = format!(
            "{}{}",
            l.lab_address,
            non_empty(&self.t.lab.address, &self.c.lab.address)
        );
        let phone = format!(
            "{}{}",
            l.lab_phone,
            non_empty(&self.t.lab.phone, &self.c.lab.contact)
        );
        let lab_lines = wrap(self.font, self.lab_name(), lab_style.size, self.width);
        let addr_lines = wrap(self.font, &address, self.body.size, self.width);
        let lab_h = lab_lines.len() as f32 * lab_style.line_h()
            + (addr_lines.len() + 1) as f32 * self.body.line_h();
        let lab_top = self.body_bottom() - lab_h;
        let code_lines = self.verify_lines();
        let qr_top =
            lab_top - 8.0 - (1 + code_lines.len()) as f32 * self.small.line_h() - g.qr_size_mm;
        if qr_top < y + 4.0 {
            return Err(CertError::Layout(format!(
                "cover page: the sample, client and amendment texts need {:.0} mm more than the page has",
                y + 4.0 - qr_top
            )));
        }
        let qr_x = self.left + (self.width - g.qr_size_mm) / 2.0;
        d.push(Draw::Qr {
            x: qr_x,
            y: qr_top,
            size: g.qr_size_mm,
        });
        self.text(
            d,
            &l.qr_caption,
            self.small,
            self.left,
            self.width,
            qr_top + g.qr_size_mm + 1.0,
            Align::Center,
        );
        for (i, line) in code_lines.iter().enumerate() {
            self.text(
                d,
                line,
                self.small,
                self.left,
                self.width,
                qr_top + g.qr_size_mm + 1.0 + (i + 1) as f32 * self.small.line_h(),
                Align::Center,
            );
        }
        let mut y = lab_top;
        draw_lines(
            d,
            self.font,
            &lab_lines,
            lab_style,
            self.left,
            self.width,
            y,
            Align::Center,
        );
        y += lab_lines.len() as f32 * lab_style.line_h();
        draw_lines(
            d,
            self.font,
            &addr_lines,
            self.body,
            self.left,
            self.width,
            y,
            Align::Center,
        );
        y += addr_lines.len() as f32 * self.body.line_h();
        self.text(
            d,
            &phone,
            self.body,
            self.left,
            self.width,
            y,
            Align::Center,
        );
        Ok(page)
    }

    // ---------------------------------------------------------------- information page

    /// The verification code, and the page's address when the lab has one, under the QR.
    fn verify_lines(&self) -> Vec<String> {
        let Some(v) = &self.c.verification else {
            return Vec::new();
        };
        let mut lines = vec![format!("{}{}", self.t.labels.verify_code, v.code)];
        lines.extend(v.url.clone());
        lines
    }
}
