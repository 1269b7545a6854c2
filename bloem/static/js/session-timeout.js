/* Idle warning (issue 3, item 3). The server logs a worker out after the idle limit
 * (bloem.accounts.middleware.SessionTimeoutMiddleware) whatever happens here; this script
 * only warns SESSION_IDLE_WARNING seconds before, in an accessible dialog, and lets the
 * worker stay logged in.
 *
 * <body data-idle-timeout="900" data-idle-warning="120" data-session-url="/account/session/">
 * The dialog is #session-timeout (account/snippets/session_timeout_dialog.html).
 * GET data-session-url: seconds left, without counting as activity (another tab may have
 * been active); POST: counts as activity. Strict CSP: no inline code or style here.
 */
(function () {
  "use strict";

  var body = document.body;
  var timeout = parseInt(body.dataset.idleTimeout, 10);
  var warning = parseInt(body.dataset.idleWarning, 10);
  var statusUrl = body.dataset.sessionUrl;
  var dialog = document.getElementById("session-timeout");
  if (!timeout || !warning || !statusUrl || !dialog || typeof dialog.showModal !== "function") {
    return;
  }
  var countdown = dialog.querySelector("[data-countdown]");
  var keepalive = dialog.querySelector("form[data-keepalive]");
  var deadline = Date.now() + timeout * 1000; // when the server will log out
  var timer = null;
  var ticker = null;

  function secondsLeft() {
    return Math.max(0, Math.round((deadline - Date.now()) / 1000));
  }

  function format(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function toLogin(url) {
    // The server has logged the session out: a normal page load shows the login page
    // with its message.
    window.location.assign(url || window.location.href);
  }

  function schedule() {
    window.clearTimeout(timer);
    var wait = Math.max(0, deadline - warning * 1000 - Date.now());
    timer = window.setTimeout(check, wait);
  }

  function closeDialog() {
    window.clearInterval(ticker);
    ticker = null;
    if (dialog.open) {
      dialog.close();
    }
  }

  function openDialog() {
    countdown.textContent = format(secondsLeft());
    if (!dialog.open) {
      dialog.showModal();
    }
    if (!ticker) {
      ticker = window.setInterval(function () {
        var left = secondsLeft();
        countdown.textContent = format(left);
        if (left <= 0) {
          window.clearInterval(ticker);
          ticker = null;
          check();
        }
      }, 1000);
    }
  }

  function update(response) {
    return response.json().then(function (data) {
      if (response.status === 401 || !data.authenticated) {
        toLogin(data.redirect);
        return;
      }
      deadline = Date.now() + data.seconds_left * 1000;
      if (data.seconds_left > warning) {
        closeDialog();
        schedule();
      } else if (data.seconds_left <= 0) {
        toLogin();
      } else {
        openDialog();
      }
    });
  }

  function check() {
    fetch(statusUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(update).catch(function () {
      // Offline for a moment: warn from the local estimate and try again.
      if (secondsLeft() <= warning) {
        openDialog();
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(check, 15000);
    });
  }

  function stayLoggedIn(event) {
    if (event) {
      event.preventDefault();
    }
    fetch(keepalive.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      body: new FormData(keepalive),
    }).then(function (response) {
      if (response.status === 403) {
        toLogin();
        return undefined;
      }
      return update(response);
    }).catch(function () {
      toLogin();
    });
  }

  keepalive.addEventListener("submit", stayLoggedIn);
  // Escape closes a modal dialog: read it as "I am here".
  dialog.addEventListener("cancel", stayLoggedIn);
  // A request made by htmx on this page counted as activity on the server.
  document.addEventListener("htmx:afterRequest", function () {
    deadline = Date.now() + timeout * 1000;
    schedule();
  });
  // Timers sleep with the laptop: look again when the page is shown.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      check();
    }
  });

  schedule();
})();
