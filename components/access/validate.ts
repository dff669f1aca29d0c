import { Rule } from "../validation/rules";

export const CLUSTER_NAME: Rule = {
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/,
    fix: "Use the cluster's name: 1-100 letters, digits, '-' or '_', starting with a letter or digit (e.g. \"mlops-dev\").",
};

export const HTTPS_URL: Rule = {
    pattern: /^https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[^\s?#]*)?$/,
    fix: "Use the full https:// URL without query or fragment (e.g. \"https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE\").",
};

export const GUID: Rule = {
    pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
    fix: "Use a GUID such as \"00000000-0000-0000-0000-000000000000\" (an Entra object id, not a name or client secret).",
};
