// Lists read for export, written once and compiled for each dialect next to `repo.rs`, whose
// query builder, list filters and scope test it shares: an export's rows are exactly the rows its
// list shows, a page at a time. Order lines are paged by their order's id and their line number,
// the key of the lines' unique index, so every page is a range of that index however far into
// the table it starts.

use crate::exports::{AccountLabel, ContactLine, EXPORT_PAGE, OrderLineQuery, OrderLineRow};

/// One page of the accounts of a list query, as large as an export reads at a time.
pub async fn accounts_for_export(pool: &Pool, query: &AccountQuery) -> Result<Page<Account>> {
    accounts_page(pool, query, EXPORT_PAGE).await
}

/// How many accounts a list query matches (its search words, tag, filters and scope).
pub async fn count_matching_accounts(pool: &Pool, query: &AccountQuery) -> Result<i64> {
    let (sets, signature) = candidate_sets(query);
    let mut sql = Sql::default();
    sql.push("SELECT COUNT(*) FROM accounts a WHERE 1 = 1");
    if signature != 0 {
        sql.push(" AND (a.search_sig & ");
        let p = sql.bind(Arg::Int(signature));
        sql.push(&format!(") = {p}"));
    }
    for set in &sets {
        sql.push(" AND ");
        set.push(&mut sql, set.exists);
    }
    push_account_filters(&mut sql, query);
    let (n,): (i64,) = sql.query_as().fetch_one(pool).await?;
    Ok(n)
}

/// The customer numbers, names and business IDs of the given accounts.
async fn account_labels(
    pool: &Pool,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, AccountLabel>> {
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let mut sql = Sql::default();
    sql.push("SELECT id, customer_number, name, business_id FROM accounts WHERE id IN (");
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(Arg::Int(*id));
    }
    sql.push(")");
    let rows: Vec<AccountLabel> = sql.query_as().fetch_all(pool).await?;
    Ok(rows.into_iter().map(|a| (a.id, a)).collect())
}

/// One page of the contacts of a list query with their accounts, as large as an export reads at
/// a time. A contact whose account was deleted between the two reads went with it and is left
/// out.
pub async fn contacts_for_export(pool: &Pool, query: &ContactQuery) -> Result<Page<ContactLine>> {
    let page = contacts_page(pool, query, EXPORT_PAGE).await?;
    let mut ids: Vec<i64> = page.items.iter().map(|c| c.account_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let labels = account_labels(pool, &ids).await?;
    let items = page
        .items
        .into_iter()
        .filter_map(|contact| {
            labels
                .get(&contact.account_id)
                .cloned()
                .map(|account| ContactLine { contact, account })
        })
        .collect();
    Ok(Page {
        items,
        next_cursor: page.next_cursor,
    })
}

/// How many contacts a list query matches (its search words, filters and scope).
pub async fn count_matching_contacts(pool: &Pool, query: &ContactQuery) -> Result<i64> {
    let mut sql = Sql::default();
    sql.push("SELECT COUNT(*) FROM contacts WHERE 1 = 1");
    push_contact_filters(&mut sql, query);
    let (n,): (i64,) = sql.query_as().fetch_one(pool).await?;
    Ok(n)
}

/// The tables an order line is read from with its order and customer, for a count.
const ORDER_LINES_FROM: &str = " FROM orders o JOIN order_lines l ON l.order_id = o.id \
    JOIN accounts a ON a.id = o.account_id WHERE 1 = 1";

/// The same tables with the lines' products, for a page of one account's lines: the account's
/// orders, found by their index, are few, and the database starts from them.
const ACCOUNT_LINES_FROM: &str = " FROM orders o JOIN order_lines l ON l.order_id = o.id \
    JOIN accounts a ON a.id = o.account_id JOIN products p ON p.id = l.product_id \
    LEFT JOIN product_groups g ON g.id = p.group_id WHERE 1 = 1";

/// The same, for a page of any other query: the lines are walked in key order from where the
/// last page ended, so that the pages of a whole export read each line once however many of them
/// the filters leave out. `CROSS JOIN` keeps SQLite from starting from another table and sorting
/// what it finds again for every page; PostgreSQL reads it as a plain join.
const WALKED_LINES_FROM: &str = " FROM order_lines l CROSS JOIN orders o CROSS JOIN accounts a \
    JOIN products p ON p.id = l.product_id LEFT JOIN product_groups g ON g.id = p.group_id \
    WHERE o.id = l.order_id AND a.id = o.account_id";

/// The conditions of an order line query: its account, its dates and the asking user's scope.
fn push_order_line_filters(sql: &mut Sql, query: &OrderLineQuery) {
    if let Some(id) = query.account_id {
        sql.push(" AND o.account_id = ");
        sql.bind(Arg::Int(id));
    }
    if let Some(from) = query.from {
        sql.push(" AND o.order_date >= ");
        sql.bind(Arg::Date(from));
    }
    if let Some(to) = query.to {
        sql.push(" AND o.order_date <= ");
        sql.bind(Arg::Date(to));
    }
    push_scope(sql, &query.scope, "a.owner");
}

/// One page of order lines after `after` (an order's id and a line number), in order id and line
/// number order.
pub async fn order_lines_for_export(
    pool: &Pool,
    query: &OrderLineQuery,
    after: Option<(i64, i64)>,
) -> Result<Vec<OrderLineRow>> {
    let mut sql = Sql::default();
    sql.push(
        "SELECT o.id AS order_id, o.order_number, l.line_number, o.order_date, o.channel, \
         o.reseller, a.id AS account_id, a.customer_number, a.name AS account_name, a.business_id, \
         p.product_number, p.name AS product_name, g.name AS product_group, l.quantity_milli, \
         l.unit_price_cents, l.unit_cost_cents, l.discount_bp, l.net_cents, l.cost_cents",
    );
    sql.push(if query.account_id.is_some() {
        ACCOUNT_LINES_FROM
    } else {
        WALKED_LINES_FROM
    });
    push_order_line_filters(&mut sql, query);
    if let Some((order_id, line)) = after {
        // A range on the lines' index, then the rest of the last page's order. The range is
        // given on the orders' key too: PostgreSQL carries equalities from one side of a join to
        // the other, but not ranges, and would otherwise walk every earlier order.
        sql.push(" AND l.order_id >= ");
        let p = sql.bind(Arg::Int(order_id));
        sql.push(&format!(
            " AND o.id >= {p} AND (l.order_id > {p} OR l.line_number > "
        ));
        sql.bind(Arg::Int(line));
        sql.push(")");
    }
    sql.push(&format!(
        " ORDER BY l.order_id, l.line_number LIMIT {EXPORT_PAGE}"
    ));
    Ok(sql.query_as().fetch_all(pool).await?)
}

/// How many order lines an order line query matches.
pub async fn count_order_lines(pool: &Pool, query: &OrderLineQuery) -> Result<i64> {
    let mut sql = Sql::default();
    sql.push("SELECT COUNT(*)");
    sql.push(ORDER_LINES_FROM);
    push_order_line_filters(&mut sql, query);
    let (n,): (i64,) = sql.query_as().fetch_one(pool).await?;
    Ok(n)
}

/// One page of products after the product of id `after`, in id order, with their groups.
pub async fn products_for_export(pool: &Pool, after: Option<i64>) -> Result<Vec<crate::exports::ProductRow>> {
    Ok(sqlx::query_as(&format!(
        "SELECT p.id, p.product_number, p.name, g.name AS product_group, p.unit, \
         p.list_price_cents, p.unit_cost_cents FROM products p \
         LEFT JOIN product_groups g ON g.id = p.group_id WHERE p.id > $1 \
         ORDER BY p.id LIMIT {EXPORT_PAGE}"
    ))
    .bind(after.unwrap_or(0))
    .fetch_all(pool)
    .await?)
}

/// How many products there are.
pub async fn count_products(pool: &Pool) -> Result<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM products")
        .fetch_one(pool)
        .await?)
}

/// The conditions of an activity query on the kind's table `t` and its account `a`: the account,
/// the record's dates and the asking user's scope.
fn push_activity_filters(
    sql: &mut Sql,
    kind: &crate::imports::ActivityKind,
    query: &crate::exports::ActivityQuery,
) {
    if let Some(id) = query.account_id {
        sql.push(" AND t.account_id = ");
        sql.bind(Arg::Int(id));
    }
    let date = kind.date_column();
    if let Some(from) = query.from {
        sql.push(&format!(" AND t.{date} >= "));
        sql.bind(Arg::Date(from));
    }
    if let Some(to) = query.to {
        sql.push(&format!(" AND t.{date} <= "));
        sql.bind(Arg::Date(to));
    }
    push_scope(sql, &query.scope, "a.owner");
}

/// One page of an activity kind's records after the record of id `after`, in id order, with
/// their customer and the number of the order and product they name. The table is walked by its
/// key from where the last page ended (`CROSS JOIN` keeps SQLite on that walk, as for order
/// lines); the kind's table and column names are Arvo's own constants, never input.
pub async fn activities_for_export(
    pool: &Pool,
    kind: &crate::imports::ActivityKind,
    query: &crate::exports::ActivityQuery,
    after: Option<i64>,
) -> Result<Vec<crate::exports::ActivityRow>> {
    let mut sql = Sql::default();
    sql.push(&format!(
        "SELECT t.id, t.{key}, a.id, a.customer_number, a.name, a.business_id, {order}, {product}",
        key = kind.key,
        order = if kind.links_order {
            "o.order_number"
        } else {
            "CAST(NULL AS TEXT)"
        },
        product = if kind.links_product {
            "p.product_number, p.name"
        } else {
            "CAST(NULL AS TEXT), CAST(NULL AS TEXT)"
        },
    ));
    for (column, _) in kind.columns {
        sql.push(&format!(", t.{column}"));
    }
    sql.push(&format!(" FROM {} t CROSS JOIN accounts a", kind.table));
    if kind.links_order {
        sql.push(" LEFT JOIN orders o ON o.id = t.order_id");
    }
    if kind.links_product {
        sql.push(" LEFT JOIN products p ON p.id = t.product_id");
    }
    sql.push(" WHERE a.id = t.account_id");
    push_activity_filters(&mut sql, kind, query);
    if let Some(after) = after {
        sql.push(" AND t.id > ");
        sql.bind(Arg::Int(after));
    }
    sql.push(&format!(" ORDER BY t.id LIMIT {EXPORT_PAGE}"));
    // The kind's own columns follow the nine columns of its id, key, account, order and product.
    let first_value = 9;
    let rows = sql.query().fetch_all(pool).await?;
    rows.iter()
        .map(|row| {
            Ok(crate::exports::ActivityRow {
                id: row.try_get(0)?,
                key: row.try_get(1)?,
                account_id: row.try_get(2)?,
                customer_number: row.try_get(3)?,
                account_name: row.try_get(4)?,
                business_id: row.try_get(5)?,
                order_number: row.try_get(6)?,
                product_number: row.try_get(7)?,
                product_name: row.try_get(8)?,
                values: kind
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, (_, t))| read_value(row, first_value + i, *t))
                    .collect::<Result<_>>()?,
            })
        })
        .collect()
}

/// How many records of an activity kind an activity query matches.
pub async fn count_activities(
    pool: &Pool,
    kind: &crate::imports::ActivityKind,
    query: &crate::exports::ActivityQuery,
) -> Result<i64> {
    let mut sql = Sql::default();
    sql.push(&format!(
        "SELECT COUNT(*) FROM {} t JOIN accounts a ON a.id = t.account_id WHERE 1 = 1",
        kind.table
    ));
    push_activity_filters(&mut sql, kind, query);
    let (n,): (i64,) = sql.query_as().fetch_one(pool).await?;
    Ok(n)
}
