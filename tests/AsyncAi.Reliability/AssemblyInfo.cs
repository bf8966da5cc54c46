// The scenarios kill processes, measure recovery times and share two cores with the processes they start: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
