package notify

// DigestTimes exposes digestTimes to the external tests.
var DigestTimes = digestTimes
