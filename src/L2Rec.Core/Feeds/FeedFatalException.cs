namespace L2Rec.Feeds;

/// <summary>A feed fault that no retry can cure, such as a symbol the exchange does not list. Its message is for the user.</summary>
public sealed class FeedFatalException(string message) : Exception(message);
