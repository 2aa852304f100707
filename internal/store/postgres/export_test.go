package postgres

// Claimable is the query Claim takes its jobs from, for the plan test.
const Claimable = claimable
