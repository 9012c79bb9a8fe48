// The mini-program only hosts the calculator's web page; see config.js for its address.
App({});
