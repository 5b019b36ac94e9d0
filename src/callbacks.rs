//! Missed-call callbacks: a caller who rings the missed-call number (rejected unanswered,
//! so it costs them nothing) or hangs up before choosing anything is called back after a
//! delay, at most once per window, never in quiet hours.

use crate::config::CallbackPolicy;
use crate::domain::{india_day_start, minute_in_india, now_unix, CallId, PhoneNumber};
use crate::store::{Outgoing, Store, StoreError};

/// When a callback asked for at `now` is placed: after the delay, moved out of quiet hours.
pub fn due_time(now: i64, policy: &CallbackPolicy) -> i64 {
    let due = now + policy.delay_secs.max(0);
    let (start, end) = (policy.quiet_start_minute, policy.quiet_end_minute);
    if start == end {
        return due;
    }
    let minute = minute_in_india(due);
    let quiet = if start < end {
        (start..end).contains(&minute)
    } else {
        minute >= start || minute < end
    };
    if !quiet {
        return due;
    }
    let mut resume = india_day_start(due) + end * 60;
    if resume <= due {
        resume += 86_400;
    }
    resume
}

/// Schedules a callback to `phone` for the call `call` unless one was scheduled within the
/// policy's window (or for this call already: its webhooks may come twice).
/// Returns the callback's reference when one was scheduled.
pub async fn schedule(
    store: &Store,
    policy: &CallbackPolicy,
    phone: &PhoneNumber,
    call: &CallId,
) -> Result<Option<i64>, StoreError> {
    let now = now_unix();
    if store
        .missed_call_callbacks_since(phone, now - policy.min_interval_secs)
        .await?
        > 0
    {
        tracing::info!(caller = %phone, "missed call: callback already scheduled recently");
        return Ok(None);
    }
    let due = due_time(now, policy);
    let Some(id) = store
        .schedule_missed_call_callback(phone, due, call)
        .await?
    else {
        return Ok(None);
    };
    let url = crate::ivr::Intent::Callback(id).stored();
    store
        .enqueue_outbox_at(
            Outgoing::Call,
            phone,
            &url,
            &format!("callback:{id}:call"),
            due,
        )
        .await?;
    tracing::info!(caller = %phone, reference = id, in_secs = due - now, "missed call: callback scheduled");
    Ok(Some(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-24 00:00 India time.
    const MIDNIGHT_IST: i64 = 1_795_458_600;

    fn policy() -> CallbackPolicy {
        CallbackPolicy {
            delay_secs: 120,
            ..CallbackPolicy::default()
        }
    }

    #[test]
    fn callbacks_wait_the_delay_outside_quiet_hours() {
        assert_eq!(minute_in_india(MIDNIGHT_IST), 0);
        let noon = MIDNIGHT_IST + 12 * 3600;
        assert_eq!(due_time(noon, &policy()), noon + 120);
    }

    #[test]
    fn quiet_hours_move_callbacks_to_the_morning() {
        let late = MIDNIGHT_IST + 22 * 3600;
        assert_eq!(due_time(late, &policy()), MIDNIGHT_IST + 86_400 + 8 * 3600);
        let early = MIDNIGHT_IST + 3 * 3600;
        assert_eq!(due_time(early, &policy()), MIDNIGHT_IST + 8 * 3600);
        // Just before quiet hours start, the delay carries it into them.
        let edge = MIDNIGHT_IST + 21 * 3600 - 60;
        assert_eq!(due_time(edge, &policy()), MIDNIGHT_IST + 86_400 + 8 * 3600);
    }
}
