/** How many events a customer's activity timeline loads at a time (the page's prefetch and the route's pages). */
export const CUSTOMER_ACTIVITY_PAGE_SIZE = 20;
