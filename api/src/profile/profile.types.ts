export interface UndoSendSettingDto {
  /** The person's own choice in seconds, or null to follow the team default. */
  own: number | null;
  /** The instance's UNDO_SEND_SECONDS. */
  teamDefault: number;
  /** What applies to their next reply. */
  seconds: number;
}
