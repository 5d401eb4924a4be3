/** One language's iPhone placeholders and deleted-message markers, exactly as WhatsApp writes them (marks removed). */
export interface PlaceholderTable {
  /** `image omitted` and its kin: the body of a message whose file was left out of the export. */
  omitted: readonly string[];
  /** What stands in a deleted message (a trailing full stop is optional when matching). */
  deleted: readonly string[];
}
