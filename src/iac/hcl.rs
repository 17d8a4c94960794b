//! A small HCL writer whose output is already `terraform fmt`-clean: two-space indents,
//! and the `=` of consecutive one-line arguments aligned, as `terraform fmt` aligns them (a
//! multi-line value, a block, a comment or a blank line ends an aligned run).

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Str(String),
    Num(String),
    Bool(bool),
    List(Vec<Expr>),
    /// A multi-line object (`{ key = value }`), keys in order.
    Object(Vec<(String, Expr)>),
    /// A reference, written as is (`aws_cognito_identity_provider.saml`).
    Raw(String),
    /// A function of one argument (`jsonencode({ … })`).
    Call(&'static str, Box<Expr>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Attr(String, Expr),
    Block {
        kind: String,
        labels: Vec<String>,
        body: Vec<Item>,
    },
    Comment(String),
    Blank,
}

impl Item {
    pub fn attr(key: &str, value: Expr) -> Item {
        Item::Attr(key.to_string(), value)
    }

    pub fn block(kind: &str, labels: &[&str], body: Vec<Item>) -> Item {
        Item::Block {
            kind: kind.to_string(),
            labels: labels.iter().map(|l| l.to_string()).collect(),
            body,
        }
    }
}

pub fn string(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\r' => q.push_str("\\r"),
            '\t' => q.push_str("\\t"),
            // `${` and `%{` would start an interpolation or a directive.
            '$' | '%' if chars.peek() == Some(&'{') => {
                q.push(c);
                q.push(c);
            }
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                q.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

fn is_identifier(k: &str) -> bool {
    k.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

pub fn object_key(k: &str) -> String {
    if is_identifier(k) {
        k.to_string()
    } else {
        string(k)
    }
}

struct Line {
    indent: usize,
    lead: String,
    /// `= value` when the line is a one-line argument (aligned with its neighbours).
    assign: Option<String>,
}

fn inline(e: &Expr) -> Option<String> {
    match e {
        Expr::Str(s) => Some(string(s)),
        Expr::Num(n) => Some(n.clone()),
        Expr::Bool(b) => Some(b.to_string()),
        Expr::Raw(r) => Some(r.clone()),
        Expr::List(items) => {
            let parts: Option<Vec<String>> = items.iter().map(inline).collect();
            parts.map(|p| format!("[{}]", p.join(", ")))
        }
        Expr::Object(entries) if entries.is_empty() => Some("{}".into()),
        Expr::Object(_) => None,
        Expr::Call(f, arg) => inline(arg).map(|a| format!("{f}({a})")),
    }
}

fn line(indent: usize, lead: String) -> Line {
    Line {
        indent,
        lead,
        assign: None,
    }
}

fn attr_lines(key: String, e: &Expr, indent: usize, lines: &mut Vec<Line>) {
    match inline(e) {
        Some(v) => lines.push(Line {
            indent,
            lead: key,
            assign: Some(v),
        }),
        None => multi_line(format!("{key} = "), e, indent, "", lines),
    }
}

/// A value over several lines: `prefix` opens it, `suffix` follows its closing bracket.
fn multi_line(prefix: String, e: &Expr, indent: usize, suffix: &str, lines: &mut Vec<Line>) {
    match e {
        Expr::Object(entries) => {
            lines.push(line(indent, format!("{prefix}{{")));
            for (k, v) in entries {
                attr_lines(object_key(k), v, indent + 2, lines);
            }
            lines.push(line(indent, format!("}}{suffix}")));
        }
        Expr::List(items) => {
            lines.push(line(indent, format!("{prefix}[")));
            for item in items {
                match inline(item) {
                    Some(v) => lines.push(line(indent + 2, format!("{v},"))),
                    None => multi_line(String::new(), item, indent + 2, ",", lines),
                }
            }
            lines.push(line(indent, format!("]{suffix}")));
        }
        Expr::Call(f, arg) => multi_line(
            format!("{prefix}{f}("),
            arg,
            indent,
            &format!("){suffix}"),
            lines,
        ),
        _ => lines.push(line(
            indent,
            format!("{prefix}{}{suffix}", inline(e).unwrap_or_default()),
        )),
    }
}

fn item_lines(items: &[Item], indent: usize, lines: &mut Vec<Line>) {
    for item in items {
        match item {
            Item::Attr(k, e) => attr_lines(k.clone(), e, indent, lines),
            Item::Block { kind, labels, body } => {
                let mut head = kind.clone();
                for l in labels {
                    head.push(' ');
                    head.push_str(&string(l));
                }
                head.push_str(" {");
                lines.push(Line {
                    indent,
                    lead: head,
                    assign: None,
                });
                item_lines(body, indent + 2, lines);
                lines.push(Line {
                    indent,
                    lead: "}".into(),
                    assign: None,
                });
            }
            Item::Comment(text) => {
                for l in text.lines() {
                    lines.push(Line {
                        indent,
                        lead: format!("# {l}").trim_end().to_string(),
                        assign: None,
                    });
                }
            }
            Item::Blank => lines.push(Line {
                indent: 0,
                lead: String::new(),
                assign: None,
            }),
        }
    }
}

pub fn to_string(items: &[Item]) -> String {
    let mut lines = vec![];
    item_lines(items, 0, &mut lines);
    let mut out = String::new();
    let mut i = 0;
    while i < lines.len() {
        let run_end = (i..lines.len())
            .find(|&j| lines[j].assign.is_none())
            .unwrap_or(lines.len());
        if run_end == i {
            let l = &lines[i];
            if !l.lead.is_empty() {
                out.push_str(&" ".repeat(l.indent));
                out.push_str(&l.lead);
            }
            out.push('\n');
            i += 1;
            continue;
        }
        let width = lines[i..run_end]
            .iter()
            .map(|l| l.indent + l.lead.chars().count())
            .max()
            .unwrap_or(0);
        for l in &lines[i..run_end] {
            let used = l.indent + l.lead.chars().count();
            out.push_str(&" ".repeat(l.indent));
            out.push_str(&l.lead);
            out.push_str(&" ".repeat(width - used + 1));
            out.push_str("= ");
            out.push_str(l.assign.as_deref().unwrap_or_default());
            out.push('\n');
        }
        i = run_end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_arguments_align_and_objects_break_the_run() {
        let text = to_string(&[Item::block(
            "resource",
            &["aws_x", "y"],
            vec![
                Item::attr("name", Expr::Str("a".into())),
                Item::attr("user_pool_id", Expr::Str("p".into())),
                Item::attr(
                    "attribute_mapping",
                    Expr::Object(vec![
                        ("email".into(), Expr::Str("e".into())),
                        ("custom:dept".into(), Expr::Str("d".into())),
                    ]),
                ),
                Item::attr("x", Expr::Bool(true)),
            ],
        )]);
        assert_eq!(
            text,
            "resource \"aws_x\" \"y\" {\n  name         = \"a\"\n  user_pool_id = \"p\"\n  attribute_mapping = {\n    email         = \"e\"\n    \"custom:dept\" = \"d\"\n  }\n  x = true\n}\n"
        );
    }

    #[test]
    fn interpolation_and_control_characters_are_escaped() {
        assert_eq!(string("${x} %{y} \u{1b}"), "\"$${x} %%{y} \\u001B\"");
    }
}
