// Placeholder: the enrollment capture (issue 7) is written by the enroll helper.
