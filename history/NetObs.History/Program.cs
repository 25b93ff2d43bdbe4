// netobs-history: the entry point is built by the history-server change (issue 14); this file only
// reserves the project so that the store and server work can land in separate commits.
Console.Error.WriteLine("netobs-history: not built yet");
return 2;
