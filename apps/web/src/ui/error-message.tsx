import { ApiError } from '../api/api-error.ts';

/** Props of `ErrorMessage`. */
export interface ErrorMessageProps {
  /** Summary of the failure, for example "The readings could not be loaded." */
  title: string;
  error: Error;
}

/**
 * Renders an error alert with the error's message. For API errors it adds the error code and
 * the request ID that the API logged, so a user can quote them to support.
 */
export function ErrorMessage({ title, error }: ErrorMessageProps) {
  const apiError = error instanceof ApiError ? error : null;
  return (
    <div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-red-900">
      <p className="font-semibold">{title}</p>
      <p>{error.message}</p>
      {apiError !== null && (
        <p className="text-sm">
          Error code: <code>{apiError.code}</code>
          {apiError.requestId !== null && (
            <>
              {' '}
              · Request ID: <code>{apiError.requestId}</code>
            </>
          )}
        </p>
      )}
    </div>
  );
}
