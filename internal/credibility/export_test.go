package credibility

// FindWeekdays is findWeekdays, for the tests.
var FindWeekdays = findWeekdays
