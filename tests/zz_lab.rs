mod support;
#[tokio::test(flavor = "multi_thread")]
async fn lab() {
    let api = support::federation::api().await;
    let pool = support::federation::new_pool(&api).await;
    let dir = std::path::Path::new("/tmp/fedA");
    let mut setup = support::federation::setup_in(dir, &pool);
    let out = support::federation::plan_and_apply(&api, &setup).await;
    setup.app_client.client_id = out.client_id.clone();
    setup.save(&dir.join("setup.toml")).unwrap();
    // An admin turned the provider off on the client: the doctor's fixable finding.
    api.update_user_pool_client()
        .user_pool_id(&pool)
        .client_id(out.client_id.unwrap())
        .supported_identity_providers("COGNITO")
        .callback_urls("https://app.example.com/")
        .logout_urls("https://app.example.com/")
        .allowed_o_auth_flows(aws_sdk_cognitoidentityprovider::types::OAuthFlowType::Code)
        .allowed_o_auth_scopes("openid")
        .allowed_o_auth_scopes("email")
        .allowed_o_auth_scopes("profile")
        .allowed_o_auth_flows_user_pool_client(true)
        .send()
        .await
        .unwrap();
    let mut env = String::new();
    for (k, v) in support::moto::moto().env() {
        env.push_str(&format!("export {k}={v}\n"));
    }
    std::fs::write("/tmp/lab.env", env).unwrap();
    let _ = std::fs::remove_file("/tmp/lab.stop");
    while !std::path::Path::new("/tmp/lab.stop").exists() {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    }
}
