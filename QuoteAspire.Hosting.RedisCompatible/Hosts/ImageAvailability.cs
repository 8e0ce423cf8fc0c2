namespace Aspire.Hosting.ApplicationModel;

/// <summary>Whether a runtime has an image, or pulled it, and what it said.</summary>
public sealed record ImageAvailability(bool IsAvailable, string Description);
