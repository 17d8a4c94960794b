//! The test harness itself: the emulator starts and the real SDK reaches it.

use crate::support;

use okta_cognito::cognito::pools::list_user_pools;
use support::moto::moto;

#[tokio::test]
async fn lists_the_pools_it_created_through_the_real_sdk() {
    let client = moto().client().await;
    let name = format!("harness-{}", support::moto::free_port());
    let created = client
        .create_user_pool()
        .pool_name(&name)
        .send()
        .await
        .unwrap();
    let id = created.user_pool().unwrap().id().unwrap().to_string();

    let pools = list_user_pools(&client).await.unwrap();
    let mine = pools
        .iter()
        .find(|p| p.id == id)
        .expect("the new pool is listed");
    assert_eq!(mine.name, name);
    assert!(
        id.starts_with("us-east-1_"),
        "pool id {id} carries its region"
    );
}

#[tokio::test]
async fn a_missing_pool_becomes_a_not_found_finding() {
    let client = moto().client().await;
    let err = okta_cognito::cognito::pools::list_app_clients(&client, "us-east-1_doesnotexist")
        .await
        .unwrap_err();
    assert_eq!(err.code, "aws-not-found");
    assert!(
        err.message.contains("us-east-1_doesnotexist"),
        "{}",
        err.message
    );
}
