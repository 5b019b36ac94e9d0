//! Where each call is between webhooks. A turn stores one row per place its next input can
//! lead (the keys' step, the silence's step, a dial's outcome), under a random key that the
//! carrier's URL names; the next webhook reads its row back. The URL carries nothing else of
//! the call's state, so carriers' logs hold no caller's words and any node can answer.
//!
//! Keys begin with the time they were made, so inserts append and old rows go by key range.
//! The rows go in with the turn's other write, in one commit: a first turn's with the call's
//! row (`call_batch`), a later turn's with its stored answer (`claims`).

use sqlx::AnyConnection;

use super::{Store, StoreError};
use crate::domain::CallId;

/// A stored position, read by name.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct PositionRow {
    pub call_sid: String,
    pub route: String,
    pub attempt: i64,
    pub topic: Option<String>,
    pub consultation: Option<i64>,
    pub medicine: Option<String>,
    pub carry: Option<String>,
}

/// A position to store under `token`.
#[derive(Clone, Debug, PartialEq)]
pub struct NewPosition {
    pub token: String,
    pub route: &'static str,
    pub attempt: i64,
    pub topic: Option<String>,
    pub consultation: Option<i64>,
    pub medicine: Option<String>,
    pub carry: Option<String>,
}

/// The most rows one statement carries; statements are padded up to a size class so that
/// only a handful of distinct ones are ever prepared.
const SIZE_CLASSES: [usize; 5] = [1, 4, 16, 64, 128];

/// Inserts `rows` (each with its call) on `conn`, as part of whatever transaction it is in:
/// the call's row for a first turn, a step's stored answer for a later one.
pub(super) async fn insert(
    conn: &mut AnyConnection,
    rows: &[(&str, &NewPosition)],
) -> Result<(), sqlx::Error> {
    for chunk in rows.chunks(*SIZE_CLASSES.last().expect("non-empty")) {
        let size = SIZE_CLASSES
            .iter()
            .copied()
            .find(|&s| s >= chunk.len())
            .unwrap_or(chunk.len());
        let values: Vec<String> = (0..size)
            .map(|r| {
                let p: Vec<String> = (1..=8).map(|k| format!("${}", r * 8 + k)).collect();
                format!("({})", p.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO call_positions (token, call_sid, route, attempt, topic, consultation, medicine, carry)
             VALUES {} ON CONFLICT (token) DO NOTHING",
            values.join(", ")
        );
        let mut query = sqlx::query(&sql);
        // Padding repeats the last row; ON CONFLICT DO NOTHING makes the repeats harmless.
        for i in 0..size {
            let (call, p) = chunk[i.min(chunk.len() - 1)];
            query = query
                .bind(p.token.as_str())
                .bind(call)
                .bind(p.route)
                .bind(p.attempt)
                .bind(p.topic.as_deref())
                .bind(p.consultation)
                .bind(p.medicine.as_deref())
                .bind(p.carry.as_deref());
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

impl Store {
    /// Stores a turn's positions on their own (turns that neither open a call nor store an
    /// answer: a withheld caller's, a placed call's first).
    pub async fn save_positions(
        &self,
        call: &CallId,
        positions: &[NewPosition],
    ) -> Result<(), StoreError> {
        if positions.is_empty() {
            return Ok(());
        }
        let rows: Vec<(&str, &NewPosition)> =
            positions.iter().map(|p| (call.as_str(), p)).collect();
        let mut conn = self.writer.acquire().await?;
        insert(&mut conn, &rows).await?;
        Ok(())
    }

    /// The position stored under `token`, if any.
    pub async fn position(&self, token: &str) -> Result<Option<PositionRow>, StoreError> {
        let row = sqlx::query_as::<_, PositionRow>(
            "SELECT call_sid, route, attempt, topic, consultation, medicine, carry
             FROM call_positions WHERE token = $1",
        )
        .bind(token)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row)
    }

    /// Forgets positions made before `before` (calls last minutes; a day is plenty).
    pub async fn forget_positions(&self, before: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM call_positions WHERE token < $1")
            .bind(time_prefix(before.saturating_mul(1000)))
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected())
    }
}

/// A new position's key: the time in milliseconds (12 hex digits, so keys sort by time and
/// each insert appends) and 64 random bits.
pub fn new_token() -> String {
    use rand::Rng;
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default();
    let random: u64 = rand::thread_rng().gen();
    format!("{}{random:016x}", time_prefix(millis))
}

fn time_prefix(millis: i64) -> String {
    format!("{:012x}", millis.max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_sort_by_the_time_they_were_made() {
        let a = new_token();
        assert_eq!(a.len(), 28);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        let later = time_prefix(i64::from(u32::MAX) * 1000);
        assert!(a.as_str() < later.as_str());
        assert!(time_prefix(1_000) < time_prefix(2_000));
        assert!(a.as_str() > time_prefix(1_700_000_000_000).as_str());
    }
}
