//! The kit as Markdown: for a ticket, an e-mail or a wiki page.

use super::{Kit, pem};

/// Markdown table cells: a `|` or a line break in a value would break the row.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

pub fn render(k: &Kit) -> String {
    let mut s = format!(
        "# Single sign-on for {}: setting up {}\n\n",
        k.tenant, k.idp_name
    );
    s.push_str(&format!(
        "This page has everything needed to let {} sign in to our application through {}. It holds no secret: every value below is public.\n\n",
        if k.domains.is_empty() {
            "your users".to_string()
        } else {
            format!("people with addresses at {}", k.domains.join(", "))
        },
        k.idp_name
    ));
    s.push_str("## The two values\n\n| Field | Value |\n|---|---|\n");
    s.push_str(&format!(
        "| Identifier (Entity ID, Audience URI) | `{}` |\n| Reply URL (Assertion Consumer Service URL, Single sign-on URL) | `{}` |\n\n",
        cell(&k.entity_id),
        cell(&k.acs_url)
    ));
    s.push_str(&format!("## 1. Create the app in {}\n\n", k.idp_name));
    for (i, step) in k.steps.iter().enumerate() {
        s.push_str(&format!("{}. {}", i + 1, step.instruction));
        if let Some(v) = &step.value {
            s.push_str(&format!(": `{v}`"));
        }
        s.push('\n');
    }
    s.push_str(&format!(
        "\n## 2. What the sign-in sends\n\nNameID: {}\n\n",
        k.name_id
    ));
    if k.attributes.is_empty() {
        s.push_str("No attribute statements are needed.\n\n");
    } else {
        s.push_str("Attributes, named exactly as here (the names are compared character for character):\n\n| Attribute name | Value |\n|---|---|\n");
        for (name, value) in &k.attributes {
            s.push_str(&format!("| `{}` | {} |\n", cell(name), cell(value)));
        }
        s.push('\n');
    }
    s.push_str("## 3. Who to assign\n\n");
    for who in &k.assign {
        s.push_str(&format!("- {who}\n"));
    }
    s.push('\n');
    match &k.signing_certificate {
        None => {}
        Some(Ok(body)) => s.push_str(&format!(
            "## 4. Our signing certificate\n\nOur sign-in requests and sign-outs are signed. Upload this certificate to the app in {} so it can verify them:\n\n```\n{}```\n\n",
            k.idp_name,
            pem(body)
        )),
        Some(Err(why)) => s.push_str(&format!(
            "## 4. Our signing certificate\n\nOur sign-in requests and sign-outs are signed; we will send the certificate to upload separately ({why}).\n\n"
        )),
    }
    s.push_str(&format!(
        "## {}. What to send back to us\n\n{}\n",
        if k.signing_certificate.is_some() {
            5
        } else {
            4
        },
        k.send_back
    ));
    s
}
