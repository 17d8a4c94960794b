//! The kit as one self-contained HTML page: no script, no font or image to fetch, so it opens
//! offline and from a mail attachment, and its print style fits a page without the screen's
//! colours.

use super::{Kit, pem};

use crate::html_text::escape as esc;

const STYLE: &str = "body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d2430}\
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d8dde6;padding-bottom:.2rem}\
table{border-collapse:collapse;width:100%}td,th{border:1px solid #d8dde6;padding:.35rem .5rem;text-align:left;vertical-align:top}\
code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;background:#f3f5f8;border-radius:3px}\
code{padding:.05rem .25rem;word-break:break-all}pre{padding:.6rem;overflow-x:auto}\
.note{color:#4a5568}\
@media print{body{margin:0;max-width:none;font-size:11pt}code,pre{background:none;border:1px solid #ccc}h2{break-after:avoid}tr,pre{break-inside:avoid}}";

pub fn render(k: &Kit) -> String {
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Single sign-on for {}: setting up {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&k.tenant),
        esc(k.idp_name)
    );
    s.push_str(&format!(
        "<h1>Single sign-on for {}: setting up {}</h1>\n<p class=\"note\">This page has everything needed to let {} sign in to our application through {}. It holds no secret: every value below is public.</p>\n",
        esc(&k.tenant),
        esc(k.idp_name),
        if k.domains.is_empty() {
            "your users".to_string()
        } else {
            format!("people with addresses at {}", esc(&k.domains.join(", ")))
        },
        esc(k.idp_name)
    ));
    s.push_str(&format!(
        "<h2>The two values</h2>\n<table>\n<tr><th>Field</th><th>Value</th></tr>\n<tr><td>Identifier (Entity ID, Audience URI)</td><td><code>{}</code></td></tr>\n<tr><td>Reply URL (Assertion Consumer Service URL, Single sign-on URL)</td><td><code>{}</code></td></tr>\n</table>\n",
        esc(&k.entity_id),
        esc(&k.acs_url)
    ));
    s.push_str(&format!(
        "<h2>1. Create the app in {}</h2>\n<ol>\n",
        esc(k.idp_name)
    ));
    for step in &k.steps {
        s.push_str(&format!("<li>{}", esc(&step.instruction)));
        if let Some(v) = &step.value {
            s.push_str(&format!(": <code>{}</code>", esc(v)));
        }
        s.push_str("</li>\n");
    }
    s.push_str("</ol>\n");
    s.push_str(&format!(
        "<h2>2. What the sign-in sends</h2>\n<p>NameID: {}</p>\n",
        esc(k.name_id)
    ));
    if k.attributes.is_empty() {
        s.push_str("<p>No attribute statements are needed.</p>\n");
    } else {
        s.push_str("<p>Attributes, named exactly as here (the names are compared character for character):</p>\n<table>\n<tr><th>Attribute name</th><th>Value</th></tr>\n");
        for (name, value) in &k.attributes {
            s.push_str(&format!(
                "<tr><td><code>{}</code></td><td>{}</td></tr>\n",
                esc(name),
                esc(value)
            ));
        }
        s.push_str("</table>\n");
    }
    s.push_str("<h2>3. Who to assign</h2>\n<ul>\n");
    for who in &k.assign {
        s.push_str(&format!("<li>{}</li>\n", esc(who)));
    }
    s.push_str("</ul>\n");
    match &k.signing_certificate {
        None => {}
        Some(Ok(body)) => s.push_str(&format!(
            "<h2>4. Our signing certificate</h2>\n<p>Our sign-in requests and sign-outs are signed. Upload this certificate to the app in {} so it can verify them:</p>\n<pre>{}</pre>\n",
            esc(k.idp_name),
            esc(&pem(body))
        )),
        Some(Err(why)) => s.push_str(&format!(
            "<h2>4. Our signing certificate</h2>\n<p>Our sign-in requests and sign-outs are signed; we will send the certificate to upload separately ({}).</p>\n",
            esc(why)
        )),
    }
    s.push_str(&format!(
        "<h2>{}. What to send back to us</h2>\n<p>{}</p>\n</body>\n</html>\n",
        if k.signing_certificate.is_some() {
            5
        } else {
            4
        },
        esc(k.send_back)
    ));
    s
}
