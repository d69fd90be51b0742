package archive

// MaxDataForTest lets the tests build a zip bomb past a lowered limit.
var MaxDataForTest = &maxData
