// The one error parseFeed throws: its message is a single line that says why the feed could not
// be read, fit to show a user or store as a feed's last error.

export class FeedParseError extends Error {
  override name = "FeedParseError";
  constructor(message: string) {
    super(message.replace(/\s+/g, " ").trim());
  }
}
