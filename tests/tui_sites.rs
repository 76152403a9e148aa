//! Sites on the screens: a lab network's lists name each order's site, an order's page says
//! which site it belongs to, and a user limited to a site sees that site's orders only.

mod tui_harness;

use crossterm::event::KeyCode;
use insta::assert_snapshot;
use tui_harness::*;
use unilab::model::site::Site;
use unilab::model::Role;
use unilab::store::Registration;

/// The full test lab with a site 福州分所 (FZ), its clerk, and one order of its own.
fn network() -> (H, String) {
    let mut h = H::full();
    let admin = h.store.authenticate("admin", "adminpass", t0()).unwrap();
    let fz = Site {
        code: "FZ".into(),
        name: "福州分所".into(),
    };
    h.store.put_site(&admin, &fz, t0()).unwrap();
    h.store
        .add_user(
            &admin,
            "fzclerk",
            "福州收样",
            &[Role::Clerk],
            &[],
            PASSWORD,
            t0(),
        )
        .unwrap();
    let fz_clerk = h
        .store
        .set_user_site(&admin, "fzclerk", Some("FZ"), "福州分所人员", t0())
        .unwrap();
    let mut order = rebar(&["ReL"]);
    order.sample.name = "福州送检钢筋".into();
    let n = h
        .store
        .register_order_with(
            &fz_clerk,
            &h.catalog,
            &order,
            &Registration::default(),
            t0(),
        )
        .unwrap()
        .number;
    h.run(vec![unilab::tui::Effect::Reload { external: false }]);
    (h, n)
}

#[test]
fn a_site_clerk_lists_their_sites_orders_only_with_the_site_named() {
    let (mut h, n) = network();
    h.login_as("fzclerk");
    h.key(KeyCode::F(3));
    let list = h.render(110, 24);
    assert!(list.contains(&n) && list.contains("福州送检钢筋"), "{list}");
    assert!(list.contains("站点"), "the site column: {list}");
    assert!(
        !list.contains(&h.number(1)),
        "the lab's own orders are not listed for a site's clerk: {list}"
    );
    assert_snapshot!("site_clerk_order_list", list);
    // The client's file, as this clerk reads it, holds the site's order only; the lab's desk
    // sees the client's other orders too.
    let file = |h: &mut H| {
        h.run(vec![unilab::tui::Effect::LoadEnterpriseFile(CLIENT.into())]);
        let f = h.app.data.enterprise_file.clone().unwrap();
        f.orders.into_iter().map(|s| s.number).collect::<Vec<_>>()
    };
    assert_eq!(file(&mut h), vec![n.clone()]);
    h.login_as("clerk");
    let all = file(&mut h);
    assert!(all.len() > 1 && all.contains(&n), "{all:?}");
}

#[test]
fn the_labs_desk_sees_every_site_and_the_order_page_names_it() {
    let (mut h, n) = network();
    h.login_as("clerk");
    h.key(KeyCode::F(3));
    let list = h.render(110, 24);
    assert!(list.contains(&h.number(1)) && list.contains(&n), "{list}");
    let row = list.lines().find(|l| l.contains(&n)).unwrap_or_default();
    assert!(row.trim_end().ends_with("FZ"), "{row}");
    let effects = h.app.open_order(&n);
    h.run(effects);
    let page = h.render(110, 30);
    assert!(page.contains("站点 FZ"), "{page}");
}

/// A lab network's desk names the site on the registration form; a site's clerk is not asked.
#[test]
fn the_registration_form_asks_the_labs_desk_for_the_site() {
    use unilab::tui::screens::register::F;
    let (mut h, _) = network();
    let register = |h: &mut H, site: &str| {
        h.start_registration("福州", "GB 1499.2-2024");
        h.key(KeyCode::Tab); // spec
        h.key(KeyCode::Right); // d6-12
        h.key(KeyCode::Tab); // sample
        h.typ("热轧带肋钢筋");
        if !site.is_empty() {
            while h.app.register.focus != F::Site {
                h.key(KeyCode::Tab);
                assert_ne!(h.app.register.focus, F::Type, "no site field");
            }
            h.typ(site);
        }
        let form = h.render(110, 32);
        h.key(KeyCode::Enter);
        form
    };
    h.login_as("clerk");
    let form = register(&mut h, "fz");
    assert!(form.contains("站点") && form.contains("fz"), "{form}");
    assert_eq!(
        h.app.screen,
        unilab::tui::Screen::Detail,
        "{:?}",
        h.app.status
    );
    let n = h.app.data.order.as_ref().map(|o| o.number.clone()).unwrap();
    assert_eq!(h.store.order(&n).unwrap().site.as_deref(), Some("FZ"));
    // A site's own clerk registers for it without a site field.
    h.login_as("fzclerk");
    h.key(KeyCode::F(4));
    let fields = unilab::tui::screens::register::fields(&h.app);
    assert!(!fields.contains(&F::Site), "{fields:?}");
}
