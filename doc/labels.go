package doc

import "strings"

// labelNames are the display names of the labels.
var labelNames = map[string]string{
	LabelTierChange:         "Tier change",
	LabelQuotaChange:        "Quota change",
	LabelEntityAddition:     "Entity List addition",
	LabelEntityRemoval:      "Entity List removal",
	LabelEntityRevision:     "Entity List revision",
	LabelOtherExportControl: "Other export control",
}

// LabelName is the display name of a label ("Entity List addition"); an
// unknown label shows with spaces for underscores.
func LabelName(l string) string {
	if n, ok := labelNames[l]; ok {
		return n
	}
	return strings.ReplaceAll(l, "_", " ")
}
