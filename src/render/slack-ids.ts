/**
 * Every action_id and callback_id lambda-audit puts in a Slack payload, in one place.
 * STYLE.md would declare each beside its listener, but the renderers that emit them (render/,
 * triage/, schedule/) sit below slack/ and may not import from it; so the ids live here, and
 * src/slack/listeners/index.ts binds each one to its listener: that index is the map of every
 * button, menu and modal (test/slack/listener-ids.test.ts checks none is left without one).
 */

// Buttons on the audit answer.
/** Opens or closes one check's findings (one button per check section, so one id). */
export const ANSWER_GROUP_ACTION_ID = 'lambda_audit_answer_group';
export const ANSWER_PREVIOUS_ACTION_ID = 'lambda_audit_answer_previous';
export const ANSWER_NEXT_ACTION_ID = 'lambda_audit_answer_next';
/** "Share in channel": posts the same answer for everyone, attributed to who shares it. */
export const SHARE_ACTION_ID = 'lambda_audit_share';
export const REAUDIT_ACTION_ID = 'lambda_audit_reaudit';
/** "Download policy" on a role view whose proposed policy is too long to show: the policy as a file. */
export const DOWNLOAD_POLICY_ACTION_ID = 'lambda_audit_download_policy';
/** "Show all" under a long scan or trigger list. */
export const SHOW_ALL_ACTION_ID = 'lambda_audit_show_all';
/** Retry under "Could not open a ticket". */
export const TICKET_RETRY_ACTION_ID = 'lambda_audit_ticket_retry';
/** "Full audit" on a triage reply in an alarm's thread. */
export const TRIAGE_FULL_AUDIT_ACTION_ID = 'triage_full_audit';

// Menus: Open ticket, Snooze, Accept risk.
/** The overflow menu beside each finding of an audit answer. */
export const FINDING_MENU_ACTION_ID = 'lambda_audit_finding_menu';
/** The digest's "Manage a new finding" select. */
export const DIGEST_MENU_ACTION_ID = 'lambda_audit_digest_menu';

// The App Home tab.
export const HOME_SCAN_ACTION_ID = 'lambda_audit_home_scan';
export const HOME_AUDIT_ACTION_ID = 'lambda_audit_home_audit';

// Modals (callback_id), and the inputs their submission listener reads from the view's state.
export const SNOOZE_VIEW_ID = 'lambda_audit_snooze';
export const ACCEPT_VIEW_ID = 'lambda_audit_accept';
/** "Audit a function…" from the Home tab. */
export const AUDIT_PICKER_VIEW_ID = 'lambda_audit_audit_picker';
export const AUDIT_PICKER_BLOCK_ID = 'function';
export const AUDIT_PICKER_ACTION_ID = 'function_pick';
