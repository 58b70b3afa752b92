//! The document as one self-contained HTML file: inline CSS and JavaScript, nothing fetched
//! (a Content-Security-Policy forbids it, and allows only the page's own style and script by
//! hash). Every action has a labelled checkbox; the script keeps ticks across reloads, counts
//! progress and adds copy buttons; without it the page is still the complete checklist.

use std::fmt::Write as _;

use atsctl::document::{Action, Block, Cell, Contact, Document, Field, Note, Section, SpanStyle, Table, Text};
use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::visible;

const CSS: &str = include_str!("html/checklist.css");
const JS: &str = include_str!("html/checklist.js");

pub(crate) fn render(document: &Document) -> String {
    let subject = &document.subject;
    let total = document.action_ids().len();
    let mut out = String::with_capacity(64 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '{}'; script-src '{}'; img-src data:; form-action 'none'; base-uri 'none'\">\n\
         <meta name=\"generator\" content=\"atsctl\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n",
        hash(CSS),
        hash(JS),
        escape(&document.title)
    );
    let _ = writeln!(
        out,
        "<body data-kind=\"{}\" data-partner=\"{}\" data-ats=\"{}\" data-fingerprint=\"{}\">",
        document.kind.as_str(),
        escape(&subject.partner_id),
        escape(&subject.ats),
        escape(&subject.manifest_fingerprint)
    );
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", escape(&document.title));
    if let Some(subtitle) = &document.subtitle {
        let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", inline(subtitle));
    }
    let _ = writeln!(
        out,
        "<p class=\"meta\">Partner <code>{}</code> · {} · manifest <code>{}</code></p>",
        escape(&subject.partner_id),
        escape(&subject.ats_name),
        escape(&subject.manifest_fingerprint)
    );
    if total > 0 {
        let _ = writeln!(
            out,
            "<p class=\"progress\" role=\"status\"><span id=\"progress-text\">{total} items to tick</span> \
             <progress id=\"progress-bar\" max=\"{total}\" value=\"0\" hidden></progress></p>"
        );
    }
    out.push_str("</header>\n<main>\n");
    for section in &document.sections {
        section_html(section, &mut out);
    }
    let _ = write!(out, "</main>\n<script>{JS}</script>\n</body>\n</html>\n");
    out
}

/// A CSP source for an inline element's exact text.
fn hash(text: &str) -> String {
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

fn section_html(section: &Section, out: &mut String) {
    let id = escape(&section.id);
    let _ = writeln!(
        out,
        "<section id=\"{id}\" aria-labelledby=\"{id}-heading\">\n<h2 id=\"{id}-heading\">{}</h2>",
        escape(&section.numbered_heading())
    );
    let mut in_checklist = false;
    for block in &section.blocks {
        let is_action = matches!(block, Block::Action(_));
        if in_checklist && !is_action {
            out.push_str("</ul>\n");
        }
        if is_action && !in_checklist {
            out.push_str("<ul class=\"checklist\">\n");
        }
        in_checklist = is_action;
        match block {
            Block::Heading { text } => {
                let _ = writeln!(out, "<h3>{}</h3>", inline(text));
            }
            Block::Paragraph { text } => {
                let _ = writeln!(out, "<p>{}</p>", inline(text));
            }
            Block::Action(action) => action_html(action, out),
            Block::KeyValues { items } => fields_html(items, out),
            Block::Table(table) => table_html(table, out),
            Block::Warning { text } => {
                let _ = writeln!(
                    out,
                    "<div class=\"warning\" role=\"note\"><strong>Warning:</strong> {}</div>",
                    inline(text)
                );
            }
            Block::Note(note) => note_html(note, out),
            Block::Contact(contact) => contact_html(contact, out),
            Block::Command(command) => {
                let _ = writeln!(
                    out,
                    "<pre><code class=\"copy\">{}</code></pre>",
                    escape(&command.command)
                );
                if let Some(description) = &command.description {
                    let _ = writeln!(out, "<p>{}</p>", inline(description));
                }
            }
            Block::Bullets { items } => {
                out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", inline(item));
                }
                out.push_str("</ul>\n");
            }
        }
    }
    if in_checklist {
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

fn checkbox_id(action: &str) -> String {
    format!("do-{}", escape(action))
}

fn action_html(action: &Action, out: &mut String) {
    let id = checkbox_id(&action.id);
    let _ = writeln!(
        out,
        "<li class=\"action\"><input type=\"checkbox\" id=\"{id}\" data-action=\"{}\">\n\
         <div class=\"action-body\"><label for=\"{id}\">{}</label>",
        escape(&action.id),
        inline(&action.text)
    );
    for detail in &action.detail {
        let _ = writeln!(out, "<p class=\"detail\">{}</p>", inline(detail));
    }
    if !action.fields.is_empty() {
        fields_html(&action.fields, out);
    }
    out.push_str("</div></li>\n");
}

fn fields_html(items: &[Field], out: &mut String) {
    out.push_str("<dl class=\"fields\">\n");
    for field in items {
        let _ = writeln!(
            out,
            "<div><dt>{}</dt><dd>{}</dd></div>",
            escape(&field.label),
            inline(&field.value)
        );
    }
    out.push_str("</dl>\n");
}

fn table_html(table: &Table, out: &mut String) {
    let tickable = table.rows.iter().any(|row| row.action.is_some());
    out.push_str("<div class=\"table\"><table>\n<thead><tr>");
    if tickable {
        out.push_str("<th scope=\"col\" class=\"tick\"><span class=\"visually-hidden\">Done</span></th>");
    }
    for header in &table.headers {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        match &row.action {
            Some(action) => {
                let id = checkbox_id(action);
                let _ = write!(
                    out,
                    "<tr class=\"tickable\"><td class=\"tick\"><input type=\"checkbox\" id=\"{id}\" data-action=\"{}\"></td>",
                    escape(action)
                );
            }
            None if tickable => out.push_str("<tr><td class=\"tick\"></td>"),
            None => out.push_str("<tr>"),
        }
        for (column, cell) in row.cells.iter().enumerate() {
            let header = table.headers.get(column).map_or("", String::as_str);
            let class = if column == 0 { " class=\"first\"" } else { "" };
            let content = cell_html(cell);
            // The first cell names the row: it is the checkbox's label.
            let content = match (&row.action, column) {
                (Some(action), 0) => format!("<label for=\"{}\">{content}</label>", checkbox_id(action)),
                _ => content,
            };
            let _ = write!(out, "<td{class} data-label=\"{}\">{content}</td>", escape(header));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table></div>\n");
}

fn cell_html(cell: &Cell) -> String {
    match cell.0.as_slice() {
        [one] => inline(one),
        lines => lines
            .iter()
            .map(|line| format!("<div class=\"line\">{}</div>", inline(line)))
            .collect(),
    }
}

fn note_html(note: &Note, out: &mut String) {
    let mut head = format!("<strong>{}</strong>", escape(&note.kind));
    if let Some(about) = &note.about {
        let _ = write!(head, " <code>{}</code>", escape(about));
    }
    if let Some(certainty) = note.certainty {
        let _ = write!(
            head,
            " <span class=\"certainty\">({})</span>",
            escape(certainty.label())
        );
    }
    let _ = writeln!(out, "<div class=\"note\"><p>{head}: {}</p></div>", inline(&note.text));
}

fn contact_html(contact: &Contact, out: &mut String) {
    let mut text = format!("<strong>{}</strong>", escape(&contact.name));
    if let Some(purpose) = &contact.purpose {
        let _ = write!(text, " ({})", escape(purpose));
    }
    let mut ways = Vec::new();
    if let Some(email) = &contact.email {
        ways.push(format!(
            "<a href=\"mailto:{}\"><code class=\"copy\">{}</code></a>",
            escape(email),
            escape(email)
        ));
    }
    if let Some(url) = &contact.url {
        ways.push(link(url));
    }
    if !ways.is_empty() {
        let _ = write!(text, ": {}", ways.join(" · "));
    }
    let _ = writeln!(out, "<address class=\"contact\">{text}</address>");
}

/// A link for an `http(s)` address; anything else (a `javascript:` URL in a hostile
/// manifest) is shown as code, never linked.
fn link(url: &str) -> String {
    if url.starts_with("https://") || url.starts_with("http://") {
        format!("<a href=\"{}\">{}</a>", escape(url), escape(url))
    } else {
        format!("<code>{}</code>", escape(url))
    }
}

fn inline(text: &Text) -> String {
    let mut out = String::new();
    for span in text.spans() {
        match span.style {
            SpanStyle::Plain => out.push_str(&escape(&span.text)),
            SpanStyle::Strong => {
                let _ = write!(out, "<strong>{}</strong>", escape(&span.text));
            }
            SpanStyle::Code => {
                let _ = write!(out, "<code>{}</code>", token(&span.text));
            }
            SpanStyle::Copy => {
                let _ = write!(out, "<code class=\"copy\">{}</code>", token(&span.text));
            }
            SpanStyle::Link => out.push_str(&link(&span.text)),
        }
    }
    out
}

/// A path, scope or value: escaped, and allowed to break only after `/`, `:`, `_` or `.` when a
/// narrow column must break it, never in the middle of a word.
fn token(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        out.push_str(&escape(c.encode_utf8(&mut [0; 4])));
        if matches!(c, '/' | ':' | '_' | '.') {
            out.push_str("<wbr>");
        }
    }
    out
}

/// Text safe in element content and in double-quoted attributes, with no control characters.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().map(visible) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_text_cannot_inject_markup() {
        let text = Text::new()
            .plain("<script>alert(1)</script>")
            .copy("\"><img src=x onerror=alert(1)>");
        let html = inline(&text);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert_eq!(link("javascript:alert(1)"), "<code>javascript:alert(1)</code>");
        assert_eq!(escape("a\u{1b}b\u{202e}"), "a\u{FFFD}b\u{FFFD}");
        assert_eq!(token("GET /v1/<x>"), "GET /<wbr>v1/<wbr>&lt;x&gt;");
    }

    #[test]
    fn policy_hashes_are_base64_sha256() {
        let hashed = hash("x");
        assert_eq!(hashed, "sha256-LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE=");
    }
}
