//! Who may sign in through the app: groups by name and people by login, looked up and then
//! assigned only where they are not already.

use super::api::{Api, PAGE_SIZE, segment};
use crate::finding::Finding;
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// An Okta group or person as a list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignee {
    pub id: String,
    /// Group name, or the person's login.
    pub name: String,
    /// Group description, or the person's display name.
    pub detail: String,
}

fn str_at<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer).and_then(Value::as_str).unwrap_or("")
}

fn group(v: &Value) -> Assignee {
    Assignee {
        id: str_at(v, "/id").to_string(),
        name: str_at(v, "/profile/name").to_string(),
        detail: str_at(v, "/profile/description").to_string(),
    }
}

fn person(v: &Value) -> Assignee {
    let name = format!(
        "{} {}",
        str_at(v, "/profile/firstName"),
        str_at(v, "/profile/lastName")
    );
    Assignee {
        id: str_at(v, "/id").to_string(),
        name: str_at(v, "/profile/login").to_string(),
        detail: name.trim().to_string(),
    }
}

/// The group whose name is exactly `name` (Okta's `q` matches by prefix, ignoring case).
pub async fn find_group(api: &Api, name: &str) -> Result<Assignee, Finding> {
    let found = api
        .list(
            "/api/v1/groups",
            &[("q", name), ("limit", PAGE_SIZE)],
            &format!("look up the group \"{name}\""),
        )
        .await?;
    let groups: Vec<Assignee> = found.iter().map(group).collect();
    let exact: Vec<&Assignee> = groups.iter().filter(|g| g.name == name).collect();
    match exact.as_slice() {
        [one] => Ok((*one).clone()),
        [] => {
            let near: Vec<&str> = groups.iter().map(|g| g.name.as_str()).take(5).collect();
            let hint = if near.is_empty() {
                "no group starts with that name".to_string()
            } else {
                format!("groups starting like it: {}", near.join(", "))
            };
            Err(Finding::error(
                crate::finding::codes::OKTA_GROUP_NOT_FOUND,
                format!(
                    "no Okta group is named \"{name}\" in {} ({hint})",
                    api.credentials().org_host()
                ),
                "Names are matched exactly, case included: copy the name from Directory → Groups.",
            ))
        }
        many => Err(Finding::error(
            crate::finding::codes::OKTA_GROUP_AMBIGUOUS,
            format!(
                "{} Okta groups are named \"{name}\" (ids {})",
                many.len(),
                many.iter()
                    .map(|g| g.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "Rename one of them in Directory → Groups so the name says which.",
        )),
    }
}

/// The person whose login is `login` (Okta accepts a login where an id is expected).
pub async fn find_person(api: &Api, login: &str) -> Result<Assignee, Finding> {
    let doing = format!("look up the person \"{login}\"");
    match api
        .get(&format!("/api/v1/users/{}", segment(login)), &doing)
        .await?
    {
        Some(v) => Ok(person(&v)),
        None => Err(Finding::error(
            crate::finding::codes::OKTA_USER_NOT_FOUND,
            format!(
                "no Okta person has the username \"{login}\" in {}",
                api.credentials().org_host()
            ),
            "Use the person's Okta username (Directory → People → Username), usually their email address.",
        )),
    }
}

/// Ids of the groups already assigned to the app.
pub async fn assigned_groups(api: &Api, app_id: &str) -> Result<BTreeSet<String>, Finding> {
    let list = api
        .list(
            &format!("/api/v1/apps/{app_id}/groups"),
            &[("limit", PAGE_SIZE)],
            "list the app's group assignments",
        )
        .await?;
    Ok(list.iter().map(|g| str_at(g, "/id").to_string()).collect())
}

pub async fn assign_group(api: &Api, app_id: &str, g: &Assignee) -> Result<(), Finding> {
    api.put(
        &format!("/api/v1/apps/{app_id}/groups/{}", g.id),
        &json!({}),
        &format!("assign the group \"{}\" to the app", g.name),
    )
    .await
    .map(|_| ())
}

pub async fn person_assigned(api: &Api, app_id: &str, p: &Assignee) -> Result<bool, Finding> {
    api.get(
        &format!("/api/v1/apps/{app_id}/users/{}", p.id),
        &format!("check whether \"{}\" is assigned", p.name),
    )
    .await
    .map(|v| v.is_some())
}

pub async fn assign_person(api: &Api, app_id: &str, p: &Assignee) -> Result<(), Finding> {
    api.post(
        &format!("/api/v1/apps/{app_id}/users"),
        Some(&json!({"id": p.id, "scope": "USER"})),
        &format!("assign \"{}\" to the app", p.name),
    )
    .await
    .map(|_| ())
}

/// The warning when nobody may sign in through the app; `app` names it.
pub fn nobody_assigned(app: &str) -> Finding {
    Finding::warning(
        crate::finding::codes::OKTA_NOBODY_ASSIGNED,
        format!("nobody is assigned to {app}"),
        "Sign-in fails with \"User is not assigned to the client application\" until someone is: assign people or groups (app → Assignments in the console, or okta-app --assign-group NAME / --assign-user LOGIN).",
    )
}

/// Whether anyone at all is assigned (one of each list is enough to know).
pub async fn anyone_assigned(api: &Api, app_id: &str) -> Result<bool, Finding> {
    for what in ["groups", "users"] {
        let first = api
            .list_pages(
                &format!("/api/v1/apps/{app_id}/{what}"),
                &[("limit", "1")],
                1,
                &format!("list the app's {what}"),
            )
            .await?;
        if !first.is_empty() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Groups, then active people (first page only: a list to pick from, not a directory dump).
pub async fn choices(api: &Api) -> Result<(Vec<Assignee>, Vec<Assignee>), Finding> {
    let groups = api
        .list_pages("/api/v1/groups", &[("limit", PAGE_SIZE)], 1, "list groups")
        .await?;
    let people = api
        .list_pages(
            "/api/v1/users",
            &[("limit", PAGE_SIZE), ("filter", "status eq \"ACTIVE\"")],
            1,
            "list people",
        )
        .await?;
    Ok((
        groups.iter().map(group).collect(),
        people.iter().map(person).collect(),
    ))
}
