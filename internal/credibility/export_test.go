package credibility

// FindWeekdays is findWeekdays, for the tests.
var FindWeekdays = findWeekdays

// Prose is prose, for the tests.
var Prose = prose

// LeadWeekday is leadWeekday, for the tests.
var LeadWeekday = leadWeekday
