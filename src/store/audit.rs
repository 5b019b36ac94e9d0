//! The audit log: who did what to which subject, appended and never rewritten.

use super::{Store, StoreError};
use crate::domain::now_unix;

impl Store {
    /// Appends to the audit log. `subject` must not be a raw phone number or symptom.
    pub async fn audit(
        &self,
        actor: &str,
        action: &str,
        subject: &str,
        detail: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        let id = Self::next_id(&mut *tx, "audit_log").await?;
        sqlx::query("INSERT INTO audit_log (id, at, actor, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(id)
            .bind(now_unix())
            .bind(actor)
            .bind(action)
            .bind(subject)
            .bind(detail)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
