// Where the calculator is deployed (README "Deploy"). Its domain must be one of
// the account's business domains (业务域名), with the verification file at the
// domain's root. Keep the final "/".
module.exports = {
  calculatorUrl: 'https://zhengce.example.gov.cn/zhengce/calculator/',
};
