// The demo's admin panel offers French besides English, as a site enables it: Strapi's admin shows
// only English until a site lists more locales here. The plugin ships English and French.
export default {
  config: {
    locales: ['fr'],
  },
  bootstrap() {},
};
