// Its own module, apart from the S3 adapter that uses it too: the upload routes check a file's
// type with it, and a server that loads them must not load the AWS SDK.
/** Media types the archive reads; a presigned POST holds the uploader to the one declared. */
export const UPLOAD_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html',
  htm: 'text/html',
  // A FirstAgenda meeting answer; browsers call a .json file application/json.
  json: 'application/json',
  firstagenda: 'application/vnd.firstagenda+json',
};
