// Placeholder: the popup's add section (issue 7) is written by the enroll helper.
