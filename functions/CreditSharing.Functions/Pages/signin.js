// The pages' one sign-in (监管工作台 /dashboard, 企业信用中心 /me): served in front of each page's own
// script (/assets/dashboard.js, /assets/me.js), so both sign in and call the JSON APIs the same way.
// Locally (DevHost) the button mints a token at /dev/token; in Azure, MSAL.js (/assets/msal-browser.min.js,
// served by the app) with the authorization code flow and PKCE against the API's app registration.
// Redirects only: the redirect URI is the page itself, which finishes the sign-in in handleRedirectPromise
// (no popup, no iframe, no bridge page). The settings come from the server (data-auth, data-msal).
const CreditSharingSignIn = (() => {
  'use strict';

  class HttpError extends Error {
    constructor(status, detail) { super(detail); this.status = status; }
  }

  // MSAL could not start or send the user to the login page: the message is the page's to show as it is.
  class SignInError extends Error {}

  // options: tokenKey (sessionStorage key of a local token), localToken() → the body of POST /dev/token,
  // signedIn() runs once a token is at hand, anonymous() when none is, failed(message) shows a sign-in failure.
  function create(options) {
    const mode = document.body.dataset.auth;
    const msalSettings = mode === 'entra' ? JSON.parse(document.body.dataset.msal || '{}') : null;
    let msalApp = null;
    let msalAccount = null;

    async function startMsal() {
      if (typeof msal === 'undefined') throw new Error('MSAL.js 未加载。');
      msalApp = new msal.PublicClientApplication({
        auth: {
          clientId: msalSettings.clientId,
          authority: msalSettings.authority,
          redirectUri: window.location.origin + msalSettings.redirectPath
        },
        cache: { cacheLocation: msalSettings.cacheLocation }
      });
      await msalApp.initialize();
      const result = await msalApp.handleRedirectPromise();
      msalAccount = (result && result.account) || msalApp.getAllAccounts()[0] || null;
    }

    async function entraToken() {
      if (!msalApp || !msalAccount) return null;
      const request = { scopes: msalSettings.scopes, account: msalAccount };
      try {
        return (await msalApp.acquireTokenSilent(request)).accessToken;
      } catch (error) {
        // The session needs the user again (expired, consent): back to the login page and here again.
        await msalApp.acquireTokenRedirect(request);
        return null;
      }
    }

    async function token() {
      return mode === 'entra' ? entraToken() : sessionStorage.getItem(options.tokenKey);
    }

    async function api(path, init) {
      const bearer = await token();
      const headers = Object.assign({ accept: 'application/json' }, (init && init.headers) || {});
      if (bearer) headers.authorization = 'Bearer ' + bearer;
      const response = await fetch(path, Object.assign({}, init, { headers, credentials: 'same-origin' }));
      if (!response.ok) {
        let detail = response.statusText;
        try { const problem = await response.json(); detail = problem.detail || problem.title || detail; } catch (e) { /* not JSON */ }
        throw new HttpError(response.status, detail);
      }
      return response.status === 204 ? null : response.json();
    }

    async function signInLocally() {
      const response = await fetch('/dev/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(options.localToken())
      });
      if (!response.ok) throw new HttpError(response.status, '本地令牌服务不可用（只有 DevHost 的本地签发模式提供 /dev/token）。');
      return (await response.json()).access_token;
    }

    function describe(error) {
      return error.errorMessage || error.message || String(error);
    }

    async function start() {
      const button = document.getElementById('sign-in');
      if (mode === 'local' && button) {
        button.addEventListener('click', async () => {
          try {
            sessionStorage.setItem(options.tokenKey, await signInLocally());
            await options.signedIn();
          } catch (error) {
            options.failed(error);
          }
        });
      }
      if (mode === 'entra') {
        try {
          await startMsal();
        } catch (error) {
          options.failed(new SignInError('登录失败：' + describe(error)));
          return;
        }
        if (button) {
          button.addEventListener('click', () => {
            msalApp.loginRedirect({ scopes: msalSettings.scopes }).catch((error) => options.failed(new SignInError('登录失败：' + describe(error))));
          });
        }
        await (msalAccount ? options.signedIn() : options.anonymous());
        return;
      }
      await (sessionStorage.getItem(options.tokenKey) ? options.signedIn() : options.anonymous());
    }

    function signOut() {
      sessionStorage.removeItem(options.tokenKey);
    }

    return { mode, api, token, start, signOut };
  }

  return { create, HttpError, SignInError };
})();
